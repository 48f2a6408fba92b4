import type { ZodError } from 'zod';

/** One readable line per problem: `contributes.commands.0.id: must be ...`. */
export function formatZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
