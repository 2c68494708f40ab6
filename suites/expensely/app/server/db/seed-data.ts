import type { Role } from '../../shared/roles.ts';

/**
 * The demo data every fresh start loads. It is fixed (no randomness, no "today") so that ids,
 * totals and pages are the same on every machine. README.md documents it for test writers.
 */

export const SEED_PASSWORD = 'password123';

export interface SeedUser {
  key: string;
  name: string;
  email: string;
  /**
   * scrypt hash of SEED_PASSWORD with a salt derived from the email, computed once ahead of time
   * so that starting the server does not spend a second hashing demo passwords.
   */
  passwordHash: string;
}

export const SEED_USERS: SeedUser[] = [
  {
    key: 'alice',
    name: 'Alice Nguyen',
    email: 'alice@expensely.test',
    passwordHash:
      'scrypt$dd05e459751ba40f82b554d075e10075$c3847c5d907d453bbcf4010b3f4f1e94d327c4a27af3458ac801e9acc1efac8f',
  },
  {
    key: 'bob',
    name: 'Bob Martinez',
    email: 'bob@expensely.test',
    passwordHash:
      'scrypt$58f4757adeb3efce37b763bf1348749f$297c1e2ecae646aebe2f9321f88e17ce684b177050a286ba94498bf1441a44fd',
  },
  {
    key: 'carol',
    name: 'Carol Smith',
    email: 'carol@expensely.test',
    passwordHash:
      'scrypt$9aed0bdf8989a5659598c70eddc72255$4ca5f714ff20634780a9fbf1428b0c36d670a887520a9d03fafbd5603718da55',
  },
  {
    key: 'dave',
    name: 'Dave Johnson',
    email: 'dave@expensely.test',
    passwordHash:
      'scrypt$e814ba3ab3de0266e8bfd0ad24692165$872d747d8ad50d9a0432fbbb529c40fe9f09dedb65f80ef78791c0f8a8584d45',
  },
  {
    key: 'erin',
    name: 'Erin Müller',
    email: 'erin@expensely.test',
    passwordHash:
      'scrypt$c73e77fa31a87217791b76db58cdcb39$7b1d3be7fe06c2c69610a2744260a7552c4a3cb66739922135409e6bda8b5292',
  },
  {
    key: 'frank',
    name: 'Frank Okafor',
    email: 'frank@expensely.test',
    passwordHash:
      'scrypt$10ae12e6ab0a4977a7c88387f757b25e$af46b8d66ada19ece6b69962c40277d3ce4fbd7f93bc6b728d0d064faed22db3',
  },
];

export interface SeedWorkspace {
  key: string;
  name: string;
  currency: string;
  maxExpenseMinor: number | null;
  receiptRequiredOverMinor: number | null;
  owner: string;
  members: Array<[user: string, role: Role]>;
  extraCategories: string[];
  disabledCategories: string[];
}

export const SEED_WORKSPACES: SeedWorkspace[] = [
  {
    key: 'acme',
    name: 'Acme Inc.',
    currency: 'USD',
    maxExpenseMinor: 500_000,
    receiptRequiredOverMinor: 7_500,
    owner: 'alice',
    members: [
      ['bob', 'approver'],
      ['carol', 'member'],
      ['dave', 'member'],
    ],
    extraCategories: ['Training'],
    disabledCategories: ['Entertainment'],
  },
  {
    key: 'globex',
    name: 'Globex Europe',
    currency: 'EUR',
    maxExpenseMinor: null,
    receiptRequiredOverMinor: 5_000,
    owner: 'erin',
    members: [['alice', 'member']],
    extraCategories: [],
    disabledCategories: [],
  },
];

/** [workspace, owner, date, merchant, amount (decimal text), currency, category, description] */
export type SeedExpense = [string, string, string, string, string, string, string, string];

export const SEED_EXPENSES: SeedExpense[] = [
  [
    'acme',
    'carol',
    '2025-01-06',
    'Delta Air Lines',
    '412.30',
    'USD',
    'Travel',
    'Flight to Chicago for the Initech kickoff',
  ],
  [
    'acme',
    'carol',
    '2025-01-07',
    'Hilton Chicago',
    '389.00',
    'USD',
    'Lodging',
    'Two nights, client visit',
  ],
  [
    'acme',
    'carol',
    '2025-01-07',
    'Lou Malnati’s',
    '64.75',
    'USD',
    'Meals',
    'Dinner with the Initech team',
  ],
  ['acme', 'carol', '2025-01-08', 'Uber', '38.20', 'USD', 'Transport', 'Hotel to O’Hare'],
  [
    'acme',
    'carol',
    '2025-01-15',
    'Blue Bottle Coffee',
    '18.50',
    'USD',
    'Meals',
    'Coffee with a candidate',
  ],
  [
    'acme',
    'carol',
    '2025-01-21',
    'Staples',
    '56.99',
    'USD',
    'Office Supplies',
    'Notebooks and pens',
  ],
  ['acme', 'carol', '2025-02-03', 'Amazon', '129.99', 'USD', 'Office Supplies', 'Monitor stand'],
  [
    'acme',
    'carol',
    '2025-02-04',
    'Office Depot',
    '42.10',
    'USD',
    'Office Supplies',
    'Printer paper',
  ],
  [
    'acme',
    'carol',
    '2025-02-10',
    'Figma',
    '45.00',
    'USD',
    'Software',
    'Professional seat, February',
  ],
  [
    'acme',
    'carol',
    '2025-02-12',
    'Lyft',
    '23.40',
    'USD',
    'Transport',
    'Ride to the design workshop',
  ],
  ['acme', 'carol', '2025-02-14', 'Sweetgreen', '16.85', 'USD', 'Meals', 'Working lunch'],
  [
    'acme',
    'carol',
    '2025-02-18',
    'British Airways',
    '640.00',
    'GBP',
    'Travel',
    'London office visit',
  ],
  [
    'acme',
    'carol',
    '2025-02-19',
    'The Hoxton Holborn',
    '520.00',
    'GBP',
    'Lodging',
    'Three nights, London',
  ],
  ['acme', 'carol', '2025-02-20', 'Dishoom', '48.60', 'GBP', 'Meals', 'Team dinner in London'],
  [
    'acme',
    'carol',
    '2025-02-21',
    'Transport for London',
    '12.80',
    'GBP',
    'Transport',
    'Oyster top-up',
  ],
  ['acme', 'carol', '2025-02-26', 'Udemy', '19.99', 'USD', 'Training', 'Accessibility course'],
  [
    'acme',
    'carol',
    '2025-03-03',
    'WeWork',
    '350.00',
    'USD',
    'Office Supplies',
    'Day passes for the March sprint',
  ],
  ['acme', 'carol', '2025-03-04', 'Chipotle', '14.25', 'USD', 'Meals', 'Lunch during the sprint'],
  [
    'acme',
    'carol',
    '2025-03-05',
    'Shinkansen Ticket Office',
    '14170',
    'JPY',
    'Travel',
    'Tokyo to Osaka',
  ],
  ['acme', 'carol', '2025-03-06', 'Ichiran Ramen', '2380', 'JPY', 'Meals', 'Dinner in Osaka'],
  [
    'acme',
    'carol',
    '2025-03-07',
    'Hotel Granvia Osaka',
    '48600',
    'JPY',
    'Lodging',
    'Two nights, Osaka partner visit',
  ],
  ['acme', 'carol', '2025-03-10', 'Notion', '10.00', 'USD', 'Software', 'Plus plan, March'],
  ['acme', 'carol', '2025-03-11', 'Caltrain', '8.75', 'USD', 'Transport', ''],
  [
    'acme',
    'carol',
    '2025-03-12',
    'Best Buy',
    '249.99',
    'USD',
    'Office Supplies',
    'Noise-cancelling headphones',
  ],
  [
    'acme',
    'carol',
    '2025-03-13',
    'Panera Bread',
    '21.30',
    'USD',
    'Meals',
    'Lunch, quarterly planning',
  ],
  ['acme', 'carol', '2025-03-14', 'Zoom', '15.99', 'USD', 'Software', 'Pro plan, March'],
  [
    'acme',
    'dave',
    '2025-01-13',
    'Marriott Napa Valley',
    '890.00',
    'USD',
    'Lodging',
    'Team offsite venue',
  ],
  ['acme', 'dave', '2025-01-14', 'Bottega Napa', '312.40', 'USD', 'Meals', 'Offsite team dinner'],
  [
    'acme',
    'dave',
    '2025-01-14',
    'Enterprise Rent-A-Car',
    '146.80',
    'USD',
    'Transport',
    'Van for the offsite',
  ],
  [
    'acme',
    'dave',
    '2025-02-24',
    'United Airlines',
    '534.60',
    'USD',
    'Travel',
    'Flight to Austin for ReactConf',
  ],
  ['acme', 'dave', '2025-02-24', 'ReactConf', '799.00', 'USD', 'Training', 'Conference ticket'],
  [
    'acme',
    'dave',
    '2025-02-25',
    'Hotel Van Zandt',
    '612.00',
    'USD',
    'Lodging',
    'Two nights, Austin',
  ],
  [
    'acme',
    'dave',
    '2025-02-26',
    'Franklin Barbecue',
    '58.90',
    'USD',
    'Meals',
    'Dinner at the conference',
  ],
  [
    'acme',
    'dave',
    '2025-03-09',
    'Apple Store',
    '2399.00',
    'USD',
    'Office Supplies',
    'MacBook Pro for the new hire',
  ],
  ['acme', 'dave', '2025-03-12', 'Shell', '61.22', 'USD', 'Transport', 'Fuel, customer site visit'],
  ['acme', 'bob', '2025-02-03', 'GitHub', '84.00', 'USD', 'Software', 'Team plan, February'],
  [
    'acme',
    'bob',
    '2025-02-07',
    'JetBrains',
    '289.00',
    'EUR',
    'Software',
    'IntelliJ IDEA annual license',
  ],
  ['acme', 'bob', '2025-03-03', 'GitHub', '84.00', 'USD', 'Software', 'Team plan, March'],
  ['acme', 'bob', '2025-03-06', 'Starbucks', '9.45', 'USD', 'Meals', ''],
  ['acme', 'alice', '2025-01-30', 'Gusto', '149.00', 'USD', 'Software', 'Payroll subscription'],
  ['acme', 'alice', '2025-02-28', 'Gusto', '149.00', 'USD', 'Software', 'Payroll subscription'],
  [
    'acme',
    'alice',
    '2025-03-05',
    'Air Canada',
    '780.45',
    'CAD',
    'Travel',
    'Toronto investor meeting',
  ],
  ['globex', 'erin', '2025-02-11', 'Deutsche Bahn', '129.90', 'EUR', 'Travel', 'Munich to Berlin'],
  [
    'globex',
    'erin',
    '2025-02-11',
    'Hotel Adlon Kempinski',
    '420.00',
    'EUR',
    'Lodging',
    'One night, Berlin',
  ],
  ['globex', 'erin', '2025-02-12', 'Einstein Kaffee', '11.60', 'EUR', 'Meals', 'Breakfast'],
  ['globex', 'erin', '2025-02-12', 'BVG', '3.50', 'EUR', 'Transport', 'Single ticket AB'],
  ['globex', 'erin', '2025-03-04', 'SBB', '88.00', 'CHF', 'Travel', 'Zurich to Basel'],
  [
    'globex',
    'alice',
    '2025-03-18',
    'Lufthansa',
    '1250.00',
    'USD',
    'Travel',
    'New York to Frankfurt',
  ],
];

/** Expenses (by 1-based position in SEED_EXPENSES) that deliberately have no receipt. */
export const EXPENSES_WITHOUT_RECEIPT = new Set([24]);

export interface SeedReport {
  workspace: string;
  owner: string;
  title: string;
  createdAt: string;
  /** 1-based positions in SEED_EXPENSES. */
  expenses: number[];
  steps: Array<
    | { action: 'submit' | 'approve' | 'reimburse' | 'reopen'; by: string; at: string }
    | { action: 'reject'; by: string; at: string; reason: string }
    | { action: 'comment'; by: string; at: string; body: string }
  >;
}

export const SEED_REPORTS: SeedReport[] = [
  {
    workspace: 'acme',
    owner: 'carol',
    title: 'January client visit – Chicago',
    createdAt: '2025-01-09T17:00:00.000Z',
    expenses: [1, 2, 3, 4],
    steps: [
      { action: 'submit', by: 'carol', at: '2025-01-09T17:05:00.000Z' },
      {
        action: 'comment',
        by: 'bob',
        at: '2025-01-10T09:12:00.000Z',
        body: 'Looks good. Thanks for attaching the hotel folio.',
      },
      { action: 'approve', by: 'bob', at: '2025-01-10T09:13:00.000Z' },
      { action: 'reimburse', by: 'alice', at: '2025-01-13T15:00:00.000Z' },
    ],
  },
  {
    workspace: 'acme',
    owner: 'dave',
    title: 'Napa team offsite',
    createdAt: '2025-01-15T10:00:00.000Z',
    expenses: [27, 28, 29],
    steps: [
      { action: 'submit', by: 'dave', at: '2025-01-15T10:02:00.000Z' },
      {
        action: 'reject',
        by: 'bob',
        at: '2025-01-16T14:30:00.000Z',
        reason: 'The dinner is over the per-person meal limit. Split out the alcohol and resubmit.',
      },
      {
        action: 'comment',
        by: 'dave',
        at: '2025-01-16T15:01:00.000Z',
        body: 'Will do, I will ask the restaurant for an itemised bill.',
      },
    ],
  },
  {
    workspace: 'acme',
    owner: 'carol',
    title: 'February office supplies',
    createdAt: '2025-02-27T16:00:00.000Z',
    expenses: [7, 8, 9, 10, 11],
    steps: [{ action: 'submit', by: 'carol', at: '2025-02-27T16:10:00.000Z' }],
  },
  {
    workspace: 'acme',
    owner: 'dave',
    title: 'ReactConf Austin',
    createdAt: '2025-02-28T12:00:00.000Z',
    expenses: [30, 31, 32, 33],
    steps: [
      { action: 'submit', by: 'dave', at: '2025-02-28T12:05:00.000Z' },
      {
        action: 'comment',
        by: 'alice',
        at: '2025-03-01T08:40:00.000Z',
        body: 'Please share your conference notes in #eng when you are back.',
      },
      { action: 'approve', by: 'alice', at: '2025-03-01T08:41:00.000Z' },
    ],
  },
  {
    workspace: 'acme',
    owner: 'carol',
    title: 'London office visit',
    createdAt: '2025-02-22T11:00:00.000Z',
    expenses: [12, 13, 14, 15],
    steps: [],
  },
  {
    workspace: 'acme',
    owner: 'bob',
    title: 'Q1 software subscriptions',
    createdAt: '2025-03-07T09:00:00.000Z',
    expenses: [36, 37, 38],
    steps: [{ action: 'submit', by: 'bob', at: '2025-03-07T09:03:00.000Z' }],
  },
  {
    workspace: 'globex',
    owner: 'erin',
    title: 'Berlin partner meeting',
    createdAt: '2025-02-13T08:00:00.000Z',
    expenses: [43, 44, 45, 46],
    steps: [{ action: 'submit', by: 'erin', at: '2025-02-13T08:30:00.000Z' }],
  },
];

export interface SeedBankAccount {
  owner: string;
  holderName: string;
  bankName: string;
  routingNumber: string;
  accountNumber: string;
}

/** Dave has no bank account on purpose: reimbursing him shows the missing-account error. */
export const SEED_BANK_ACCOUNTS: SeedBankAccount[] = [
  {
    owner: 'carol',
    holderName: 'Carol Smith',
    bankName: 'First Republic',
    routingNumber: '121000358',
    accountNumber: '000123456789',
  },
  {
    owner: 'carol',
    holderName: 'Carol Smith',
    bankName: 'Chase',
    routingNumber: '021000021',
    accountNumber: '987650001',
  },
  {
    owner: 'bob',
    holderName: 'Bob Martinez',
    bankName: 'Wells Fargo',
    routingNumber: '121000248',
    accountNumber: '55500011',
  },
  {
    owner: 'erin',
    holderName: 'Erin Müller',
    bankName: 'Bank of America',
    routingNumber: '026009593',
    accountNumber: '44400022',
  },
];

export const SEED_PREFERENCES: Record<
  string,
  { dateFormat?: string; defaultCurrency?: string; pageSize?: number }
> = {
  erin: { dateFormat: 'DD/MM/YYYY', defaultCurrency: 'EUR' },
  dave: { dateFormat: 'MM/DD/YYYY' },
};
