// bpmnlint ships JavaScript with JSDoc types only for its internals; the parts Redress uses are declared here.
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, 'off' | 'warn' | 'error'> };
  export default config;
}

declare module 'bpmnlint/rules/*' {
  import type { LintRuleFactory } from '../bpmnlint-plugin-redress/lint-rules';
  const factory: LintRuleFactory;
  export default factory;
}

declare module 'bpmnlint' {
  /** One finding of a rule; `category` is the configured severity. */
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
  }
  export class Linter {
    constructor(options: { config?: unknown; resolver: unknown });
    lint(definitions: unknown, config?: unknown): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver' {
  class NodeResolver {
    constructor(options?: { require?: NodeJS.Require; requireLocal?: NodeJS.Require });
  }
  export = NodeResolver;
}
