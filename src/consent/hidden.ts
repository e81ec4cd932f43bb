import { sql } from 'kysely';

/**
 * For queries over `response`: true unless an administrator has hidden the row's comment. Every
 * query that releases comments to a reader adds it, so a hidden comment is gone everywhere at once.
 */
export const commentNotHidden = sql<boolean>`not exists (
  select 1 from comment_moderation cm where cm.response_id = response.id and cm.state = 'hidden')`;
