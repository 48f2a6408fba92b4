import type { Principal } from './actor.js';
import type { SafeHtml } from './html.js';

export interface ViewRequest {
  readonly principal: Principal;
  /** The panel language ("en", "nl", "fr"). */
  readonly language: string;
  readonly query: Readonly<Record<string, string>>;
  /** Put this in a hidden `_csrf` field of every form that posts back. */
  readonly csrfToken: string;
  /** The view's own address, for links and form actions. */
  readonly url: string;
  /** The form this page posted that was just refused, given back so its fields show what was typed (see `formFields`). */
  readonly refused?: RefusedForm | undefined;
}

/** A posted form that was refused: what was typed (secrets left out), and the field the refusal concerns, if one. */
export interface RefusedForm {
  /** The form's `_action`. */
  readonly action: string;
  readonly values: Readonly<Record<string, string>>;
  readonly field?: string | undefined;
  /** The refusal, in the admin's language. */
  readonly message: string;
}

export interface ViewActionRequest extends ViewRequest {
  /** The value of the submitted form's `_action` field. */
  readonly action: string;
  readonly form: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
}

export interface Flash {
  readonly kind: 'success' | 'error';
  readonly message: string;
  /** For an error: the form field it concerns, where the page shows it too. */
  readonly field?: string | undefined;
}

export interface ViewActionResult {
  readonly flash?: Flash;
  /** Query string to keep after the redirect back to the view. */
  readonly query?: Readonly<Record<string, string>>;
}

export interface ViewRendering {
  readonly title?: string;
  readonly body: SafeHtml;
}

/**
 * Renders a panel page declared in the manifest (`contributes.views`). The shell supplies navigation, sign-in,
 * CSRF checks (forms post back to the view and reach `handleAction` only with a valid token and the admin role)
 * and the layout.
 */
export interface PanelView {
  readonly id: string;
  render(request: ViewRequest): Promise<ViewRendering>;
  handleAction?(request: ViewActionRequest): Promise<ViewActionResult>;
}

export const ViewContribution = Symbol.for('host.ViewContribution');
export interface ViewContribution {
  readonly views: readonly PanelView[];
}
