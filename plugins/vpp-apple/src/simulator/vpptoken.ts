/** The `.vpptoken` file a content manager downloads: Base64 of JSON {token, expDate, orgName}. */
export interface VppTokenContent {
  readonly token: string;
  /** ISO-8601 with a numeric offset and no colon, e.g. 2030-11-08T22:33:22+0000. */
  readonly expDate: string;
  readonly orgName: string;
}

export function formatExpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** The file content, which is also the sToken sent as the Bearer token. */
export function buildVppTokenFile(content: VppTokenContent): string {
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64');
}
