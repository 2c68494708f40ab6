/**
 * A tiny launcher that stays the parent of everything a sandbox runs, written in Perl because
 * perl-base is always present on Debian and starts in ~2 ms.
 *
 * Why it exists: bubblewrap's monitor process exits as soon as it knows the command's exit
 * status, leaving its namespace-init child to be reaped by PID 1. Where PID 1 does not reap
 * (minimal VM and container inits, like the machines this project runs on), every exec would
 * leave a zombie that counts against the sandbox uid's process limit. The reaper makes itself
 * a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so orphans come back to it, and it
 * reaps them all before exiting with the command's status.
 *
 * It also joins the sandbox's cgroups (as root, before privileges are dropped) and turns
 * SIGTERM (also sent when the harness dies) into SIGKILL for its child, which takes down
 * the whole pid namespace.
 */
import { prctlSyscallNumber } from '../layout.ts';

export const REAPER_SCRIPT = `
use strict;
my $nr = $ENV{SWL_PRCTL_NR};
# PR_SET_CHILD_SUBREAPER, then PR_SET_PDEATHSIG=SIGTERM: if the harness dies, tear down too.
if ($nr) { syscall($nr, 36, 1, 0, 0, 0) == 0 or exit 125; syscall($nr, 1, 15, 0, 0, 0); }
my $child = 0;
$SIG{TERM} = sub { if ($child) { kill 'KILL', $child; } else { exit 143; } };
for my $f (split / /, $ENV{SWL_CGROUP_PROCS} // '') {
  open(my $h, '>', $f) or exit 125; print $h "$$\\n"; close($h) or exit 125;
}
delete @ENV{qw(SWL_PRCTL_NR SWL_CGROUP_PROCS)};
$child = fork() // exit 125;
if ($child == 0) { $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV; exit 127; }
my $status = 0;
for (;;) {
  my $pid = waitpid(-1, 0);
  if ($pid == -1) { last if $!{ECHILD}; next; }
  $status = $? if $pid == $child;
}
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
`;

/** The host-side environment the reaper reads. */
export function reaperEnv(cgroupProcsFiles: readonly string[]): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    SWL_PRCTL_NR: String(prctlSyscallNumber()),
    SWL_CGROUP_PROCS: cgroupProcsFiles.join(' '),
  };
}
