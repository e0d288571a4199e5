import type { Role } from '../db/types.js';

declare global {
  namespace Express {
    interface User {
      id: string;
      email: string;
      name: string;
      roles: Role[];
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    returnTo?: string;
  }
}

export {};
