import { sql, type Kysely } from 'kysely';

/**
 * A finalised moderation keeps its result: the weighted total, pass or fail and the outcome, as worked
 * out at finalisation from the scoresheet version the candidate was moderated against. Reports read
 * these, so publishing a new version never changes a result already given.
 *
 * Moderations finalised before this migration are filled in here, in SQL, from their own version's
 * frozen content (weights, pass marks, pass rule) and their agreed scores — never from a later version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('moderations')
    .addColumn('weighted_total', 'double precision')
    .addColumn('passed', 'boolean')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .alterTable('moderations')
    .addCheckConstraint(
      'moderations_result_outcome_known',
      sql`outcome is null or outcome in ('appointable','reserve','not-appointable')`,
    )
    .execute();

  await sql`
    update moderations m
       set weighted_total = r.weighted_total,
           passed = r.passed,
           outcome = coalesce(m.outcome_override, case when r.passed then 'appointable' else 'not-appointable' end)
      from (${backfilledResults()}) r
     where r.candidate_id = m.candidate_id`.execute(db);

  // Every finalisation from now on stores its result. NOT VALID: a moderation finalised earlier whose
  // result could not be worked out above (none is expected) keeps nulls, and readers then work it out
  // from that moderation's own version, as this migration would have.
  await sql`
    alter table moderations add constraint moderations_finalised_has_result
      check (state <> 'finalised' or (weighted_total is not null and passed is not null and outcome is not null))
      not valid`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table moderations drop constraint moderations_finalised_has_result`.execute(db);
  await db.schema.alterTable('moderations').dropConstraint('moderations_result_outcome_known').execute();
  await db.schema
    .alterTable('moderations')
    .dropColumn('outcome')
    .dropColumn('passed')
    .dropColumn('weighted_total')
    .execute();
}

/**
 * For each finalised moderation with an agreed score on every criterion of its own version: the
 * weighted total (rounded to 2 places) and whether it passed under that version's rule. The same rule
 * as the app's evaluate(); exported so a test can hold the two side by side.
 */
export function backfilledResults() {
  return sql`
    select candidate_id, weighted_total::double precision as weighted_total,
           case pass_rule
             when 'every-criterion' then every_passed
             when 'total' then coalesce(weighted_total >= overall_pass_mark, false)
             else every_passed and coalesce(weighted_total >= overall_pass_mark, false)
           end as passed
      from (
        select m.candidate_id,
               round(sum((c.value->>'weight')::numeric * a.score), 2) as weighted_total,
               bool_and(a.score >= (c.value->>'passMark')::numeric) as every_passed,
               count(a.score) as scored,
               max(jsonb_array_length(v.content->'criteria')) as criteria,
               max(v.content->>'passRule') as pass_rule,
               max((v.content->>'overallPassMark')::numeric) as overall_pass_mark
          from moderations m
          join scoresheet_versions v on v.id = m.scoresheet_version_id
          cross join lateral jsonb_array_elements(v.content->'criteria') c
          left join agreed_scores a on a.candidate_id = m.candidate_id and a.criterion_id = c.value->>'id'
         where m.state = 'finalised'
         group by m.candidate_id
      ) totals
     where scored = criteria`;
}
