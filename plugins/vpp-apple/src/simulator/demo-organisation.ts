import type { AppleVppSimulator, AssetSpec, LocationHandle, LocationSpec, UserSpec } from './model.js';

const APPS: ReadonlyArray<[name: string, licenses: number]> = [
  ['Pages', 200], ['Numbers', 200], ['Keynote', 200], ['GarageBand', 60], ['iMovie', 60], ['Clips', 40],
  ['Swift Playgrounds', 120], ['Microsoft Word', 150], ['Microsoft Excel', 150], ['Microsoft Teams', 150],
  ['Slack', 80], ['Zoom', 80], ['Notability', 3], ['GoodNotes', 2], ['Procreate', 1], ['Duolingo', 50],
  ['Khan Academy', 50], ['Explain Everything', 5], ['Book Creator', 25], ['Seesaw', 90], ['Kahoot!', 40],
  ['Canva', 30], ['Adobe Acrobat Reader', 100], ['1Password', 4],
];

const BOOKS: ReadonlyArray<[name: string, licenses: number]> = [
  ['The Swift Programming Language', 100], ['Everyone Can Code', 40], ['Develop in Swift', 10],
  ['Apple Platform Security', 25], ['Deployment Reference for iPhone and iPad', 2], ['Teaching Code', 1],
  ['Hamlet', 30], ['Le Petit Prince', 12], ['Max Havelaar', 3],
];

/** Display names of the demo catalogue by adamId, as the simulated store's content metadata lookup answers them. */
export const DEMO_ASSET_NAMES: ReadonlyMap<string, string> = new Map([
  ...APPS.map(([name], i) => [appId(i), name] as const),
  ...BOOKS.map(([name], i) => [bookId(i), name] as const),
]);

function appId(i: number): string {
  return String(361_309_726 + i * 1_117);
}

function bookId(i: number): string {
  return String(881_256_329 + i * 2_203);
}

function catalogue(share: number): AssetSpec[] {
  return [
    ...APPS.map(([name, licenses], i): AssetSpec => ({
      adamId: appId(i),
      name,
      bundleId: `com.example.${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
      productType: 'App',
      totalCount: Math.max(1, Math.round(licenses * share)),
      supportedPlatforms: i % 3 === 0 ? ['iOS', 'macOS'] : ['iOS'],
    })),
    ...BOOKS.map(([name, licenses], i): AssetSpec => ({
      adamId: bookId(i),
      name,
      productType: 'Book',
      totalCount: Math.max(1, Math.round(licenses * share)),
    })),
  ];
}

function users(domain: string, names: string[]): UserSpec[] {
  return names.map((name, i) => ({
    clientUserId: `${domain.split('.')[0]}-${String(i + 1).padStart(3, '0')}`,
    email: `${name.toLowerCase()}@${domain}`,
    status: i < 2 ? 'Associated' : 'Registered',
  }));
}

export const DEMO_LOCATIONS: readonly LocationSpec[] = [
  {
    uId: '2049025000431439',
    locationName: 'Contoso Head Office',
    orgName: 'Contoso Ltd',
    websiteURL: 'https://business.apple.com',
    assets: catalogue(1),
    users: users('contoso.example', ['Ada', 'Grace', 'Linus', 'Margaret']),
  },
  {
    uId: '2049025000558812',
    locationName: 'Northside School',
    orgName: 'Northside School District',
    websiteURL: 'https://school.apple.com',
    assets: catalogue(0.5),
    users: users('northside.example', ['Noor', 'Sem', 'Lotte']),
  },
];

/** Adds the demo organisation (two locations) and returns each location's uId and `.vpptoken` content. */
export function addDemoOrganisation(simulator: AppleVppSimulator): LocationHandle[] {
  return DEMO_LOCATIONS.map((spec) => simulator.addLocation(spec));
}
