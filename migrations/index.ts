import type { MigrationInterface } from 'typeorm';
import { Initial1764057600000 } from './1764057600000-initial';
import { Staff1764057700000 } from './1764057700000-staff';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Initial1764057600000, Staff1764057700000];
