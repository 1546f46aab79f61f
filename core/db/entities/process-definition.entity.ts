import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CompiledProcess } from '../../../workflows/engine/types';

/** One immutable deployed version of a BPMN process. Running complaints pin the version they started on. */
@Entity('process_definition')
@Unique(['key', 'version'])
export class ProcessDefinition {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** BPMN process id, e.g. `complaint`. */
  @Column('text') key: string;
  @Column('int') version: number;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text') bpmnXml: string;
  /** The graph the interpreter runs, compiled at deploy time. */
  @Column('jsonb') compiled: CompiledProcess;
  @Column('text') deployedBy: string;
  @Column('text', { nullable: true }) comment: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) deployedAt: Date;
}
