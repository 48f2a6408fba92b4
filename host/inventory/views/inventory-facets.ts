import type { ContributionProvider } from '../../api/contributions.js';
import { html, type SafeHtml } from '../../api/html.js';
import { facetTitle, InventoryFacetContribution, type FacetCell, type InventoryKind, type InventoryRecordOf } from '../../api/inventory-facets.js';
import type { Logger } from '../../api/logger.js';
import { panelSection, type Column } from '../../api/panel-kit.js';
import type { ViewRequest } from '../../api/views.js';

interface Facet {
  readonly pluginId: string;
  readonly facet: InventoryFacetContribution;
}

/**
 * What plugins show on the inventory pages. A facet that throws costs only its own column or section (logged),
 * never the page.
 */
export class InventoryFacets {
  constructor(
    private readonly contributions: ContributionProvider,
    private readonly logger: Logger,
  ) {}

  /** One extra column per facet, each filled by one batch call for the listed records. */
  async columns<K extends InventoryKind>(kind: K, records: readonly InventoryRecordOf[K][], language: string): Promise<Column<InventoryRecordOf[K]>[]> {
    const facets = this.facetsOf(kind).filter(({ facet }) => facet.cells);
    return Promise.all(
      facets.map(async ({ pluginId, facet }) => {
        const cells = await this.attempt(pluginId, facet, 'cells', async () => facet.cells!(kind, records, language));
        const byId = new Map<string, FacetCell>(records.map((record, i) => [record.id, cells?.[i]]));
        return { header: facetTitle(facet, language), cell: (record: InventoryRecordOf[K]) => byId.get(record.id) };
      }),
    );
  }

  /** The facets' sections for one record, in the order the plugins started. */
  async sections(kind: InventoryKind, id: string, request: ViewRequest): Promise<SafeHtml> {
    const facets = this.facetsOf(kind).filter(({ facet }) => facet.section);
    const bodies = await Promise.all(facets.map(({ pluginId, facet }) => this.attempt(pluginId, facet, 'section', () => facet.section!(kind, id, request))));
    return html`${facets.map(({ facet }, i) => (bodies[i] ? panelSection(facetTitle(facet, request.language), bodies[i]) : ''))}`;
  }

  private facetsOf(kind: InventoryKind): Facet[] {
    return this.contributions
      .get<InventoryFacetContribution>(InventoryFacetContribution)
      .filter(({ contribution }) => contribution.kinds.includes(kind))
      .map(({ pluginId, contribution }) => ({ pluginId, facet: contribution }));
  }

  private async attempt<T>(pluginId: string, facet: InventoryFacetContribution, what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.logger.error(`Inventory facet "${facet.id}" of "${pluginId}" failed to render its ${what}`, { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}
