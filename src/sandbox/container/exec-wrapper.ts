/**
 * Every container exec runs under this Perl wrapper (perl comes with the host /usr mounted
 * in the container, or with any Debian-based image). The Docker Engine API has no "kill
 * this exec", so the wrapper makes one: it records its pid under /tmp/.swelancer/<tag> (the
 * runner's execs: in the runner's own folder),
 * makes itself a child subreaper (so even double-forked daemons stay its descendants), and
 * on SIGTERM kills its whole descendant tree, then reaps it and exits. When the command
 * itself exits, whatever it left running in the background is killed too, so a background
 * process lives exactly as long as the exec that started it, as in `local`.
 */
export const EXEC_WRAPPER_SCRIPT = `
use strict;
my $nr = $ENV{SWL_PRCTL_NR};
my $tag = $ENV{SWL_EXEC_TAG};
my $piddir = $ENV{SWL_PID_DIR} // '/tmp/.swelancer';
delete @ENV{qw(SWL_PRCTL_NR SWL_EXEC_TAG SWL_PID_DIR)};
if ($nr) { syscall($nr, 36, 1, 0, 0, 0); }
mkdir $piddir;
my $pidfile = "$piddir/$tag";
if (open(my $h, '>', $pidfile)) { print $h "$$\\n"; close($h); }
sub descendants {
  my %kids;
  for my $stat (glob '/proc/[0-9]*/stat') {
    open(my $h, '<', $stat) or next; my $line = <$h>; close($h);
    next unless defined $line && $line =~ /^(\\d+) .*\\) \\S+ (\\d+) /s;
    push @{$kids{$2}}, $1;
  }
  my @todo = ($$); my @all;
  while (@todo) { my $p = shift @todo; for my $k (@{$kids{$p} || []}) { push @all, $k; push @todo, $k; } }
  return @all;
}
sub kill_tree {
  for (1 .. 50) { my @d = descendants(); last unless @d; kill 'KILL', @d; select(undef, undef, undef, 0.02); }
}
my $child = 0;
$SIG{TERM} = sub { kill_tree(); };
$child = fork() // exit 125;
if ($child == 0) { $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV; exit 127; }
my $status = 0;
for (;;) {
  my $pid = waitpid(-1, 0);
  if ($pid == -1) { last if $!{ECHILD}; next; }
  # Like a pid namespace in \`local\`: what the command left running dies with it.
  if ($pid == $child) { $status = $?; kill_tree(); }
}
unlink $pidfile;
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
`;

/** Where the wrapper records its pid, unless `SWL_PID_DIR` says otherwise (one per uid). */
export const DEFAULT_PID_DIR = '/tmp/.swelancer';

/** The command that signals a running exec's wrapper (run as the exec's own uid). */
export function killExecCommand(tag: string, pidDir: string = DEFAULT_PID_DIR): string[] {
  return ['/bin/sh', '-c', `kill -TERM "$(cat ${pidDir}/${tag})"`];
}
