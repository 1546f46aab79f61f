import { In, type DataSource } from 'typeorm';
import { ProcessDefinition, StaffUser } from '../../core/db/entities';
import { diffVersions, type VersionDiff } from './version-diff';

/** One deployed version as the modeler lists it. */
export interface VersionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deployedBy: string;
  /** The deployer's name (`Redress` for the shipped default), or the raw actor when unknown. */
  deployedByName: string;
  deployedAt: Date;
  comment: string | null;
  /** Complaints still open on this version. */
  openComplaints: number;
}

/** Thrown when a process key or version does not exist. */
export class VersionNotFoundError extends Error {}

/** Deployed versions of a process: who deployed them, when, how many complaints run on them, and their differences. */
export class ProcessVersionsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(key: string): Promise<VersionSummary[]> {
    const rows = await this.dataSource.getRepository(ProcessDefinition).find({
      where: { key },
      order: { version: 'DESC' },
      select: {
        id: true,
        key: true,
        version: true,
        name: true,
        deployedBy: true,
        deployedAt: true,
        comment: true,
      },
    });
    const userIds = rows.flatMap((row) => /^user:(.+)$/.exec(row.deployedBy)?.[1] ?? []);
    const users = userIds.length
      ? await this.dataSource
          .getRepository(StaffUser)
          .find({ where: { id: In(userIds) }, select: { id: true, name: true } })
      : [];
    const names = new Map(users.map((user) => [`user:${user.id}`, user.name]));
    const counts = await this.dataSource.query<{ processVersion: number; open: string }[]>(
      `SELECT "processVersion", COUNT(*) AS open FROM complaint WHERE "processKey" = $1 AND status = 'open' GROUP BY "processVersion"`,
      [key],
    );
    const open = new Map(counts.map((count) => [Number(count.processVersion), Number(count.open)]));
    return rows.map((row) => ({
      id: row.id,
      key: row.key,
      version: row.version,
      name: row.name,
      deployedBy: row.deployedBy,
      deployedByName: row.deployedBy === 'system' ? 'Redress' : (names.get(row.deployedBy) ?? row.deployedBy),
      deployedAt: row.deployedAt,
      comment: row.comment,
      openComplaints: open.get(row.version) ?? 0,
    }));
  }

  /** @throws VersionNotFoundError when either version does not exist. */
  async diff(
    key: string,
    from: number,
    to: number,
  ): Promise<{ key: string; from: number; to: number } & VersionDiff> {
    const [before, after] = await Promise.all([this.get(key, from), this.get(key, to)]);
    return { key, from, to, ...diffVersions(before.compiled, after.compiled) };
  }

  /** @throws VersionNotFoundError */
  async get(key: string, version: number): Promise<ProcessDefinition> {
    const row = await this.dataSource.getRepository(ProcessDefinition).findOneBy({ key, version });
    if (!row) throw new VersionNotFoundError(`Process ${key} has no version ${version}.`);
    return row;
  }
}
