import type { MigrationInterface } from 'typeorm';
import { Initial1764057600000 } from './1764057600000-initial';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Initial1764057600000];
