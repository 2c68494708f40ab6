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
 *
 * For a pair (`Sandbox.execPair`) it first gives itself a private network namespace and
 * starts two sandboxes in it: the server, then the client; the server is killed when the
 * client exits.
 */
import { prctlSyscallNumber, unshareSyscallNumber } from '../layout.ts';

export const REAPER_SCRIPT = `
use strict;
my $nr = $ENV{SWL_PRCTL_NR};
my $nserver = $ENV{SWL_SERVER_ARGC} // 0;
my $exited = $ENV{SWL_SERVER_EXITED} // '';
my $unshare = $ENV{SWL_UNSHARE_NR} // 0;
# PR_SET_CHILD_SUBREAPER, then PR_SET_PDEATHSIG=SIGTERM: if the harness dies, tear down too.
if ($nr) { syscall($nr, 36, 1, 0, 0, 0) == 0 or exit 125; syscall($nr, 1, 15, 0, 0, 0); }
my ($child, $server) = (0, 0);
$SIG{TERM} = sub { my @k = grep { $_ } ($child, $server); if (@k) { kill 'KILL', @k; } else { exit 143; } };
for my $f (split / /, $ENV{SWL_CGROUP_PROCS} // '') {
  open(my $h, '>', $f) or exit 125; print $h "$$\\n"; close($h) or exit 125;
}
delete @ENV{qw(SWL_PRCTL_NR SWL_CGROUP_PROCS SWL_SERVER_ARGC SWL_SERVER_EXITED SWL_UNSHARE_NR)};
if ($nserver) {
  # A pair: a network namespace of the launcher's own (root's: neither side can reconfigure
  # it), loopback up (SIOCGIFFLAGS, SIOCSIFFLAGS |= IFF_UP), then the server in the background.
  $unshare or exit 125;
  if ($< == 0) { syscall($unshare, 0x40000000) == 0 or exit 125; }
  else {
    # Not root: a user namespace (mapping only ourselves) must own the network namespace.
    my ($uid, $gid) = ($<, (split ' ', $()[0]);
    syscall($unshare, 0x50000000) == 0 or exit 125;
    for (['setgroups', 'deny'], ['uid_map', "$uid $uid 1"], ['gid_map', "$gid $gid 1"]) {
      open(my $h, '>', "/proc/self/$_->[0]") or exit 125; print $h $_->[1]; close($h) or exit 125;
    }
  }
  socket(my $s, 2, 2, 0) or exit 125;
  my $ifr = pack('Z16 s x22', 'lo', 0);
  ioctl($s, 0x8913, $ifr) or exit 125;
  ioctl($s, 0x8914, pack('Z16 s x22', 'lo', unpack('x16 s', $ifr) | 1)) or exit 125;
  close($s);
  my @argv = splice(@ARGV, 0, $nserver);
  $server = fork() // exit 125;
  if ($server == 0) {
    $SIG{TERM} = 'DEFAULT'; open(STDIN, '<', '/dev/null'); exec { $argv[0] } @argv; exit 127;
  }
}
$child = fork() // exit 125;
if ($child == 0) { $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV; exit 127; }
my $status = 0;
for (;;) {
  my $pid = waitpid(-1, 0);
  if ($pid == -1) { last if $!{ECHILD}; next; }
  if ($server && $pid == $server) {
    $server = 0;
    # Tell the client the server is gone (it cannot see the server's pid namespace).
    if ($child && $exited ne '' && open(my $h, '>', $exited)) { close($h); }
  }
  if ($child && $pid == $child) {
    $status = $?; $child = 0;
    # The server lives exactly as long as the client: killing its bwrap ends its namespace.
    kill 'KILL', $server if $server;
  }
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

/**
 * The extra environment of a pair launch (`buildPairLaunchArgv`): how many leading
 * arguments are the server's, and the host file to create if the server exits first.
 */
export function pairReaperEnv(
  serverArgc: number,
  serverExitedFile: string,
): Record<string, string> {
  return {
    SWL_SERVER_ARGC: String(serverArgc),
    SWL_SERVER_EXITED: serverExitedFile,
    SWL_UNSHARE_NR: String(unshareSyscallNumber()),
  };
}
