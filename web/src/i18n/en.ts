// English.
export default {
  app: { name: 'Zhiqiang', title: 'Quality Governance Platform', console: 'Console', portal: 'Public portal' },
  common: {
    search: 'Search', reset: 'Reset', export: 'Export', back: 'Back', loading: 'Loading…', none: 'No data',
    total: '{n} in all', totalAtLeast: 'more than {n}', open: 'Open', all: 'All', count: 'Count',
    notFound: 'Not found, or outside your jurisdiction.', error: 'Error', language: 'Language', yes: 'Yes', no: 'No',
  },
  lang: { zh: '简体中文', en: 'English' },
  login: {
    title: 'Console sign-in', username: 'User name', password: 'Password', submit: 'Sign in',
    locked: 'The account is locked after too many failed attempts. Try again later.', failed: 'Invalid user name or password.',
    required: '{field} is required', toPortal: 'Public lookup',
  },
  menu: {
    dashboard: 'Overview', registry: 'Registry', entities: 'Market entities', products: 'Products', regions: 'Regions',
    catalogue: 'Product catalogue', admin: 'Administration', users: 'Users and roles', audit: 'Audit log',
    logout: 'Sign out', jurisdiction: 'Jurisdiction', wholeCountry: 'All regions',
  },
  role: {
    platform_admin: 'Platform administrator', regulator: 'Regulator', analyst: 'Analyst', enterprise: 'Enterprise',
    sentinel_hospital: 'Sentinel hospital', department_client: 'Department client', public: 'Public',
  },
  dashboard: {
    title: 'Overview', total: 'Market entities', byIndustry: 'By industry section', byRegion: 'By sub-region',
    byStatus: 'By registration status', latest: 'Recently updated entities', regionTree: 'Regions', subRegions: 'Sub-regions',
  },
  entity: {
    search: 'Market entity search', name: 'Name', uscc: 'Unified social credit code', region: 'Region', industry: 'Industry',
    status: 'Status', type: 'Type', legalRep: 'Legal representative', capital: 'Registered capital (10k CNY)',
    established: 'Established', deregistered: 'Deregistered', size: 'Size', address: 'Address',
    namePlaceholder: 'Part of the name', usccPlaceholder: '18 characters', exportCsv: 'Export CSV', exportXlsx: 'Export Excel',
    file: 'Quality credit file', identity: 'Identity', licences: 'Licences and certificates', timeline: 'Quality credit record',
    timelineEmpty: 'No records yet. Spot checks, credit events, complaints and recalls will be listed here by date as those modules go live.',
    licencesEmpty: 'No licences on record.', products: 'Products made',
  },
  status: { active: 'Active', revoked: 'Revoked', cancelled: 'Cancelled', dormant: 'Dormant' },
  type: { enterprise: 'Enterprise', individual: 'Individual business', cooperative: 'Cooperative', other: 'Other' },
  size: { large: 'Large', medium: 'Medium', small: 'Small', micro: 'Micro', unknown: 'Unknown' },
  product: {
    title: 'Products', code: 'Product code (GTIN)', name: 'Product name', brand: 'Brand', category: 'Category',
    manufacturer: 'Manufacturer', lookup: 'Look up a barcode', namePlaceholder: 'Part of the product name',
  },
  region: { title: 'Regions', code: 'Region code', name: 'Name', level: 'Level', children: 'Sub-regions', entities: 'Market entities', level1: 'Province', level2: 'City', level3: 'County' },
  catalogue: { title: 'Key supervised product catalogue', code: 'Code', name: 'Product category', risk: 'Risk grade', basis: 'Legal basis', industry: 'Industry', high: 'High', medium: 'Medium', low: 'Low' },
  admin: {
    users: 'Users and roles', username: 'User name', role: 'Role', region: 'Jurisdiction', displayName: 'Name',
    disabled: 'Disabled', locked: 'Locked', created: 'Created', newUser: 'New user', password: 'Initial password', create: 'Create',
    audit: 'Audit log', actor: 'Actor', action: 'Action', object: 'Object', from: 'From', to: 'To', at: 'Time',
    source: 'Source', requestId: 'Request', created_ok: 'User created',
  },
  password: {
    title: 'Change password', hint: 'You signed in with a one-time password: set your own first, then sign in again with it.',
    current: 'Current password', next: 'New password', repeat: 'New password again', submit: 'Change password', done: 'Password changed. Please sign in again.', menu: 'Change password',
  },
  portal: {
    title: 'Public quality information', lookup: 'Enterprise lookup', lookupHint: 'Enterprise name or unified social credit code',
    catalogue: 'Key supervised product catalogue', results: 'Results', noResults: 'No matching enterprise.', notice: 'Only registration information that the law allows to publish is shown.',
    toConsole: 'Console sign-in',
  },
  valid: {
    passwordLength: 'The password needs at least {n} characters', passwordClasses: 'Mix three of: upper-case, lower-case, digits, symbols',
    passwordUser: 'The password must not contain the user name', passwordMismatch: 'The new passwords differ',
    usccLength: 'A unified social credit code has 18 characters, this has {n}',
    usccChar: "Character {pos} ('{c}') is not allowed (0-9, A-Y without I, O, S, V, Z)",
    usccAuthority: "'{c}' is not a registration authority code (position 1)", usccKind: "'{c}' is not an entity type under this authority (position 2)",
    usccRegion: 'Positions 3-8 are not a region code', usccCheck: "The check character should be '{want}', not '{got}'",
    usccOrg: 'Positions 9-17 are not a valid organisation code',
    gtinLength: 'A GTIN has 8, 12, 13 or 14 digits, this has {n}', gtinDigits: 'A GTIN has digits only',
    gtinCheck: 'The check digit should be {want}, not {got}',
  },
};
