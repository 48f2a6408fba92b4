import { phrase, type Said } from '@vpp-host/api';
import type { MigrationApplyResult, MigrationCheck, MigrationPlan, MigrationProblem, MigrationVerifyResult } from '../../api/index.js';
import { saidLines } from '../said-text.js';

const SHOWN_PROBLEMS = 20;

/** `migrate plan`'s report for people: the counts, then the problems, losses first; each line in the reader's language. */
export function planText(plan: MigrationPlan): Said {
  const c = plan.counts;
  const { name: location, uId } = plan.location;
  const head = { location, uId, product: plan.source.product, exportedAt: plan.source.exportedAt };
  const lines = [
    plan.clean
      ? phrase(`Plan for "${location}" (${uId}) from ${head.product}, exported ${head.exportedAt}: CLEAN, no licence lost`, 'vpp.migration.plan.clean', head)
      : phrase(`Plan for "${location}" (${uId}) from ${head.product}, exported ${head.exportedAt}: NOT CLEAN, ${c.licencesLost} licence(s) would be lost`, 'vpp.migration.plan.not-clean', {
          ...head,
          lost: c.licencesLost,
        }),
    managerLine(plan.location),
    phrase(
      `  licences   ${c.licencesAdopted} adopted as Apple holds them, ${c.licencesLost} lost, ${c.licencesMissingAtApple} no longer at Apple (back in the queue), ${c.releasesFinished} releases finished, ${c.licencesUnexplained} of Apple's not explained (left alone)`,
      'vpp.migration.plan.licences',
      c,
    ),
    phrase(`  people     ${c.peopleAdopted} adopted without a new invitation, ${c.peopleMissing} not in this directory`, 'vpp.migration.plan.people', c),
    phrase(`  devices    ${c.devicesMatched} matched, ${c.devicesMissing} not in this directory`, 'vpp.migration.plan.devices', c),
    phrase(`  groups     ${c.groupsMatched} matched, ${c.groupsMissing} not in this directory`, 'vpp.migration.plan.groups', c),
    phrase(`  catalog    ${c.itemsMatched} items matched, ${c.itemsMissing} missing at Apple, ${c.inHouseItemsToAdd} in-house items to add`, 'vpp.migration.plan.catalog', c),
    phrase(`  assigning  ${c.assignmentsRecreated} assignments recreated, ${c.assignmentsNotRecreated} not; ${c.queued} holders keep their places in the queues`, 'vpp.migration.plan.assigning', c),
  ];
  if (plan.problemsTotal > 0) {
    lines.push(phrase(`Problems (${plan.problemsTotal}):`, 'vpp.migration.plan.problems', { total: plan.problemsTotal }));
    lines.push(...plan.problems.slice(0, SHOWN_PROBLEMS).map(problemLine));
    const more = plan.problemsTotal - SHOWN_PROBLEMS;
    if (more > 0) lines.push(phrase(`  … and ${more} more (--json lists the first ${plan.problems.length})`, 'vpp.migration.plan.more', { more, listed: plan.problems.length }));
  }
  return saidLines(lines);
}

function managerLine({ managedBy, heldHere }: MigrationPlan['location']): Said {
  if (managedBy) return phrase(`  managed now by "${managedBy.name}": apply needs --take-over`, 'vpp.migration.plan.managed-by', { other: managedBy.name });
  return heldHere ? phrase('  this host holds the location already', 'vpp.migration.plan.held-here') : phrase('  nobody manages the location now', 'vpp.migration.plan.unmanaged');
}

function problemLine(problem: MigrationProblem): Said {
  const { kind, message } = problem;
  return problem.loss ? phrase(`  LOSS ${kind}: ${message}`, 'vpp.migration.plan.loss', { kind, problem }) : phrase(`  ${kind}: ${message}`, 'vpp.migration.plan.problem', { kind, problem });
}

export function applyText(result: MigrationApplyResult): Said {
  const d = result.done;
  const names = { location: result.plan.location.name, token: result.tokenName };
  const head = result.resumed
    ? result.tookOver
      ? phrase(`Finished the interrupted move "${names.location}" into token "${names.token}", taken over from another product:`, 'vpp.migration.resumed-taken-over', names)
      : phrase(`Finished the interrupted move "${names.location}" into token "${names.token}":`, 'vpp.migration.resumed', names)
    : result.tookOver
      ? phrase(`Moved "${names.location}" into token "${names.token}", taken over from another product:`, 'vpp.migration.moved-taken-over', names)
      : phrase(`Moved "${names.location}" into token "${names.token}":`, 'vpp.migration.moved', names);
  return saidLines([
    head,
    phrase(
      `  ${d.licencesAdopted} licences adopted with no Apple write, ${d.enrolmentsAdopted} enrolments adopted (nobody invited), ${d.assignmentsCreated} assignments recreated, ${d.queued} holders queued, ${d.inHouseItemsAdded} in-house items added.`,
      'vpp.migration.moved.done',
      d,
    ),
    phrase('  Check it with: vpp-host migrate verify FILE', 'vpp.migration.moved.check'),
  ]);
}

export function verifyText(result: MigrationVerifyResult): Said {
  const { uId } = result;
  return saidLines([
    result.ok
      ? phrase(`Verification of location ${uId}: OK, nothing differs`, 'vpp.migration.verified', { uId })
      : phrase(`Verification of location ${uId}: DIFFERENCES FOUND`, 'vpp.migration.differences', { uId }),
    ...result.checks.flatMap(checkLines),
  ]);
}

/** A check's verdict, then its first differences. */
function checkLines(check: MigrationCheck): Said[] {
  const verdict = check.ok
    ? phrase(`  ok   ${check.name}`, 'vpp.migration.check.ok', { check: check.name })
    : phrase(`  FAIL ${check.name} (${check.differences})`, 'vpp.migration.check.failed', { check: check.name, differences: check.differences });
  return [verdict, ...check.examplesSaid.slice(0, 5).map((example) => phrase(`         ${example.message}`, 'vpp.migration.check.example', { example }))];
}
