/**
 * bpmnlint plugin `redress`: use `extends: ['bpmnlint:recommended', 'plugin:redress/recommended']`.
 * bpmnlint's Node resolver loads each rule from `rules/<name>` (one file per rule below); the modeler's
 * bundle imports `lint-rules.ts` directly.
 */
import { REDRESS_RECOMMENDED } from './lint-rules';

export = {
  configs: {
    recommended: REDRESS_RECOMMENDED,
  },
};
