import { phrase, type Said } from '../api/messages.js';

/** node:util's messages advise on `--` escapes; the user mostly needs the option's name. */
export function parseErrorSaid(command: string, error: Error & { code?: string }): Said {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    return phrase(`"${command}" has no option ${flag} (see \`vpp-host ${command} --help\`)`, 'host.command.unknown-option', { command, flag });
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    if (error.message.includes('argument missing')) return phrase(`${flag} needs a value`, 'host.command.needs-value', { flag });
    if (error.message.includes('ambiguous')) return phrase(`${flag} needs a value; write ${flag}=VALUE for a value that starts with "-"`, 'host.command.ambiguous-value', { flag });
    return phrase(`${flag} is a switch and takes no value`, 'host.command.switch', { flag });
  }
  return { message: error.message.split('. ')[0]! };
}
