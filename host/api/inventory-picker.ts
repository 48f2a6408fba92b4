import type { Device, GroupKind, Inventory, User } from './inventory.js';
import type { Suggestion } from './panel-field.js';
import { panelTexts } from './panel-text.js';

/** A kind of record an admin picks in a form. */
export type PickedKind = 'user' | 'user-group' | 'device' | 'device-group';

const EN = { user: 'User', 'user-group': 'User group', device: 'Device', 'device-group': 'Device group' };
const pickerText = panelTexts(EN, {
  nl: { user: 'Gebruiker', 'user-group': 'Gebruikersgroep', device: 'Apparaat', 'device-group': 'Apparaatgroep' },
  fr: { user: 'Utilisateur', 'user-group': 'Groupe d’utilisateurs', device: 'Appareil', 'device-group': 'Groupe d’appareils' },
});

/** What a picker offers while typing, unless asked for fewer: enough to pick from, never the whole inventory. */
export const PICKER_SUGGESTIONS = 100;
/** Records a picked label is looked for among: the label's detail (an email, a serial number) narrows them to a few. */
const LOOKED_AT = 50;
const DETAIL = ' · ';

interface Labelled {
  readonly id: string;
  readonly label: string;
}

/**
 * Users, devices and groups as a form offers them: by name with what tells people and devices of one name apart (an
 * email, a serial number; a group's name is its own), never by an internal id; and a picked label turned back into
 * the record it names.
 */
export class InventoryPicker {
  private readonly text: typeof EN;

  constructor(
    private readonly inventory: Inventory,
    language: string,
  ) {
    this.text = pickerText(language);
  }

  /** The kind in the admin's words ("Device group"). */
  kindName(kind: PickedKind): string {
    return this.text[kind];
  }

  /**
   * Up to `limit` records of the kind, each label with its kind beside it: those matching what was typed (a name, an
   * email, a serial number, a label), or the first ones by name when nothing matches or nothing was typed.
   */
  suggestions(kind: PickedKind, typed = '', limit = PICKER_SUGGESTIONS): Suggestion[] {
    const search = typed.trim() && searchTextOf(kind, typed.trim());
    const matching = search ? this.labelled(kind, search, limit) : [];
    return (matching.length > 0 ? matching : this.labelled(kind, '', limit)).map((record) => ({ value: record.label, label: this.text[kind] }));
  }

  /** The label a record is offered by; undefined for a record that is not there. */
  labelOf(kind: PickedKind, id: string): string | undefined {
    switch (kind) {
      case 'user': {
        const user = this.inventory.getUser(id);
        return user && userLabel(user);
      }
      case 'device': {
        const device = this.inventory.getDevice(id);
        return device && deviceLabel(device);
      }
      default:
        return (kind === 'user-group' ? this.inventory.getUserGroup(id) : this.inventory.getDeviceGroup(id))?.name;
    }
  }

  /** The id of the record a picked label names; undefined when the text is no label (a name, email or id typed by hand). */
  picked(kind: PickedKind, typed: string): string | undefined {
    const value = typed.trim();
    if (value === '') return undefined;
    const matches = this.labelled(kind, searchTextOf(kind, value), LOOKED_AT).filter((record) => record.label === value);
    return matches.length === 1 ? matches[0]!.id : undefined;
  }

  private labelled(kind: PickedKind, search: string, limit: number): Labelled[] {
    const query = { limit, ...(search ? { search } : {}) };
    switch (kind) {
      case 'user':
        return this.inventory.listUsers(query).items.map((user) => ({ id: user.id, label: userLabel(user) }));
      case 'device':
        return this.inventory.listDevices(query).items.map((device) => ({ id: device.id, label: deviceLabel(device) }));
      default:
        return groupsOf(this.inventory, kind, query).map((group) => ({ id: group.id, label: group.name }));
    }
  }
}

function groupsOf(inventory: Inventory, kind: GroupKind, query: { readonly search?: string; readonly limit: number }): readonly { readonly id: string; readonly name: string }[] {
  return (kind === 'user-group' ? inventory.listUserGroups(query) : inventory.listDeviceGroups(query)).items;
}

function userLabel(user: User): string {
  return `${user.name} <${user.email}>`;
}

function deviceLabel(device: Device): string {
  return device.name ? `${device.name}${DETAIL}${device.serialNumber}` : device.serialNumber;
}

/** What to search the inventory for to find a label's record: its email, its serial number, a group's name. */
function searchTextOf(kind: PickedKind, label: string): string {
  if (kind === 'user') return /<([^<>]+)>$/.exec(label)?.[1] ?? label;
  const detail = label.lastIndexOf(DETAIL);
  return kind === 'device' && detail >= 0 ? label.slice(detail + DETAIL.length) : label;
}
