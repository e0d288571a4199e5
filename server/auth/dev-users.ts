/**
 * People offered by the development identity provider's sign-in page. They exist so that anyone can
 * try each role locally; the provider is never mounted in production.
 */
export type DevelopmentUser = {
  subject: string;
  email: string;
  name: string;
  roles: string[];
  description: string;
  emailVerified?: boolean;
};

export const standardDevelopmentUsers: readonly DevelopmentUser[] = [
  {
    subject: 'dev-administrator',
    email: 'ada.lovelace@example.gov.uk',
    name: 'Ada Lovelace',
    roles: ['administrator'],
    description: 'Administrator: manages people, roles and data retention',
  },
  {
    subject: 'dev-hiring-manager',
    email: 'grace.hopper@example.gov.uk',
    name: 'Grace Hopper',
    roles: ['hiring-manager'],
    description: 'Hiring manager: sets up campaigns and decides outcomes',
  },
  {
    subject: 'dev-hiring-manager-2',
    email: 'alan.turing@example.gov.uk',
    name: 'Alan Turing',
    roles: ['hiring-manager'],
    description: 'Hiring manager of another campaign',
  },
  {
    subject: 'dev-chair',
    email: 'sian.wyn@example.gov.uk',
    name: 'Siân Ŵyn Parry',
    roles: [],
    description: 'Panel chair: scores, then moderates the panel',
  },
  {
    subject: 'dev-member-1',
    email: 'tomos.evans@example.gov.uk',
    name: 'Tomos Evans',
    roles: [],
    description: 'Panel member',
  },
  {
    subject: 'dev-member-2',
    email: 'priya.shah@example.gov.uk',
    name: 'Priya Shah',
    roles: [],
    description: 'Panel member (independent)',
  },
];

/** The people the development provider knows; tests add their own. */
export class DevelopmentUserDirectory {
  readonly #users = new Map<string, DevelopmentUser>();

  constructor(users: readonly DevelopmentUser[] = standardDevelopmentUsers) {
    for (const user of users) this.add(user);
  }

  add(user: DevelopmentUser): DevelopmentUser {
    this.#users.set(user.subject, user);
    return user;
  }

  find(subject: string): DevelopmentUser | undefined {
    return this.#users.get(subject);
  }

  /** Only the standard people are listed on the sign-in page; others sign in by login hint. */
  listed(): readonly DevelopmentUser[] {
    return standardDevelopmentUsers;
  }
}
