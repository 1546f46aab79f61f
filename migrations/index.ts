import type { MigrationInterface } from 'typeorm';
import { Initial1764057600000 } from './1764057600000-initial';
import { Staff1764057700000 } from './1764057700000-staff';
import { CustomerChannels1764058100000 } from './1764058100000-customer-channels';
import { Compliance1764058200000 } from './1764058200000-compliance';
import { StaffWorkspace1764058000000 } from './1764058000000-staff-workspace';
import { Regulation1764058400000 } from './1764058400000-regulation';
import { InboxCoveringIndex1764058000100 } from './1764058000100-inbox-covering-index';
import { ContactPreference1764058500000 } from './1764058500000-contact-preference';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Initial1764057600000,
  Staff1764057700000,
  CustomerChannels1764058100000,
  Compliance1764058200000,
  StaffWorkspace1764058000000,
  Regulation1764058400000,
  InboxCoveringIndex1764058000100,
  ContactPreference1764058500000,
];
