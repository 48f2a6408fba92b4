/**
 * The contract a plugin codes against. A plugin imports this module (and other plugins' `api/` folders) only.
 * It re-exports the one copy of inversify, rxjs and zod that every plugin shares.
 */
export { ContainerModule, inject, injectable, multiInject, optional, postConstruct, preDestroy } from 'inversify';
export type { ContainerModuleLoadOptions } from 'inversify';
export { z } from 'zod';
export * from './active-work.js';
export * from './actor.js';
export * from './alerts.js';
export * from './audit.js';
export * from './clock.js';
export * from './commands.js';
export * from './contract-facade.js';
export * from './contributions.js';
export * from './disposable.js';
export * from './email-address.js';
export * from './errors.js';
export * from './event.js';
export * from './exports.js';
export * from './host-environment.js';
export * from './html.js';
export * from './http.js';
export { dateTimeFormat, numberFormat, pluralRules, regionNames } from './intl-formats.js';
export * from './inventory.js';
export * from './inventory-facets.js';
export * from './inventory-picker.js';
export * from './inventory-previews.js';
export * from './labels.js';
export * from './lifecycle.js';
export * from './logger.js';
export * from './messages.js';
export * from './manifest.js';
export * from './panel-kit.js';
export * from './panel-field.js';
export { sortByValue, timeValue, type SortOrder, type SortValue } from './sort-values.js';
export * from './panel-forms.js';
export * from './panel-text.js';
export * from './plugin-context.js';
export * from './previews.js';
export * from './scheduler.js';
export * from './secrets.js';
export * from './settings.js';
export * from './storage.js';
export * from './views.js';
