import { signLink } from '../../core/security/signed-link';
import type { ServiceTaskHandler } from './context';

/** createSurvey: a signed link whose nonce is this task's wait id, so each survey round has its own link. */
export const createSurvey: ServiceTaskHandler = async ({ complaint, waitId, deps }) => {
  const token = signLink(deps.secret, 'survey', complaint.id, waitId);
  return { survey: { token, url: `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/survey/${token}` } };
};
