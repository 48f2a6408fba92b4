/**
 * Optional start and stop hooks. The host calls them in dependency order (stop in reverse), each timed,
 * logged under the plugin's id and wrapped so that a throwing plugin is marked failed while the rest run on.
 */
export const LifecycleContribution = Symbol.for('host.LifecycleContribution');
export interface LifecycleContribution {
  onStart?(): void | Promise<void>;
  onStop?(): void | Promise<void>;
}
