/** The REST body a standby answers a change with, naming the active host (in English, with its message id). */
export function standbyRefusal(activeHost: string): Record<string, unknown> {
  return {
    error: 'standby',
    message: `This host is a standby and accepts no changes; send them to the active host at ${activeHost}`,
    details: { activeHost },
    messageId: 'host.standby',
    params: { host: activeHost },
  };
}
