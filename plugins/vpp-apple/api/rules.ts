/** vpp-apple's contract: its refusals' rules explained in the admin's language, for any plugin's panel. */

import manifest from '../plugin.json' with { type: 'json' };

/**
 * The rules distribution refuses by (`details.rule` of its BadInputError: seed 001's table, Apple's license rules,
 * exclusions, quotas, uninstall), explained in the manifest's messages `vpp.rule.<rule>`. A refusal carries that
 * message id, so REST, the CLI and every plugin's panel say it in the reader's language through the host's Messages.
 */
export function ruleMessageId(rule: string): string {
  return `vpp.rule.${rule}`;
}

const EXPLANATIONS = new Map<string, Readonly<Record<string, string>>>(manifest.contributes.messages.map((m) => [m.id, m.texts]));

/** The rule in the language; the service's English message (which names the device and versions) for English, a language without it, or an unknown rule. */
export function ruleExplanation(rule: string, englishMessage: string, language: string): string {
  return EXPLANATIONS.get(ruleMessageId(rule))?.[language] ?? englishMessage;
}
