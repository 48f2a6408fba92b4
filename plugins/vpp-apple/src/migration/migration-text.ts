import type { MigrationApplyResult, MigrationPlan, MigrationVerifyResult } from '../../api/index.js';

const SHOWN_PROBLEMS = 20;

/** `migrate plan`'s report for people: the counts, then the problems, losses first. */
export function planText(plan: MigrationPlan): string {
  const c = plan.counts;
  const lines = [
    `Plan for "${plan.location.name}" (${plan.location.uId}) from ${plan.source.product}, exported ${plan.source.exportedAt}: ${plan.clean ? 'CLEAN, no licence lost' : `NOT CLEAN, ${c.licencesLost} licence(s) would be lost`}`,
    plan.location.managedBy ? `  managed now by "${plan.location.managedBy.name}": apply needs --take-over` : plan.location.heldHere ? '  this host holds the location already' : '  nobody manages the location now',
    `  licences   ${c.licencesAdopted} adopted as Apple holds them, ${c.licencesLost} lost, ${c.licencesMissingAtApple} no longer at Apple (back in the queue), ${c.releasesFinished} releases finished, ${c.licencesUnexplained} of Apple's not explained (left alone)`,
    `  people     ${c.peopleAdopted} adopted without a new invitation, ${c.peopleMissing} not in this directory`,
    `  devices    ${c.devicesMatched} matched, ${c.devicesMissing} not in this directory`,
    `  groups     ${c.groupsMatched} matched, ${c.groupsMissing} not in this directory`,
    `  catalog    ${c.itemsMatched} items matched, ${c.itemsMissing} missing at Apple, ${c.inHouseItemsToAdd} in-house items to add`,
    `  assigning  ${c.assignmentsRecreated} assignments recreated, ${c.assignmentsNotRecreated} not; ${c.queued} holders keep their places in the queues`,
  ];
  if (plan.problemsTotal > 0) {
    lines.push(`Problems (${plan.problemsTotal}):`);
    for (const problem of plan.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`  ${problem.loss ? 'LOSS ' : ''}${problem.kind}: ${problem.message}`);
    if (plan.problemsTotal > SHOWN_PROBLEMS) lines.push(`  … and ${plan.problemsTotal - SHOWN_PROBLEMS} more (--json lists the first ${plan.problems.length})`);
  }
  return lines.join('\n');
}

export function applyText(result: MigrationApplyResult): string {
  const d = result.done;
  return [
    `${result.resumed ? 'Finished the interrupted move' : 'Moved'} "${result.plan.location.name}" into token "${result.tokenName}"${result.tookOver ? `, taken over from another product` : ''}:`,
    `  ${d.licencesAdopted} licences adopted with no Apple write, ${d.enrolmentsAdopted} enrolments adopted (nobody invited), ${d.assignmentsCreated} assignments recreated, ${d.queued} holders queued, ${d.inHouseItemsAdded} in-house items added.`,
    '  Check it with: vpp-host migrate verify FILE',
  ].join('\n');
}

export function verifyText(result: MigrationVerifyResult): string {
  const lines = [`Verification of location ${result.uId}: ${result.ok ? 'OK, nothing differs' : 'DIFFERENCES FOUND'}`];
  for (const check of result.checks) {
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.ok ? '' : ` (${check.differences})`}`);
    for (const example of check.examples.slice(0, 5)) lines.push(`         ${example}`);
  }
  return lines.join('\n');
}
