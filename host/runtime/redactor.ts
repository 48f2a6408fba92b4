const SECRET_FIELD = /(token|secret|password|passwd|authorization|cookie|credential|apikey|api_key)/i;

/**
 * Keeps secrets out of logs: drops fields whose names look secret and replaces every registered secret value
 * wherever it appears in a message or a field.
 */
export class Redactor {
  private readonly values = new Set<string>();

  /** Values shorter than 6 characters are too likely to match ordinary text to be scrubbed safely. */
  register(secret: string): void {
    if (secret.length >= 6) this.values.add(secret);
  }

  unregister(secret: string): void {
    this.values.delete(secret);
  }

  text(text: string): string {
    let out = text;
    for (const secret of this.values) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  fields(fields: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (SECRET_FIELD.test(key)) out[key] = '[redacted]';
      else out[key] = this.value(value);
    }
    return out;
  }

  private value(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value instanceof Error) return this.text(value.message);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value && typeof value === 'object') return this.fields(value as Record<string, unknown>);
    return value;
  }
}
