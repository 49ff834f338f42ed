// SPDX-License-Identifier: Apache-2.0
/*
 * swoll-hold: how `swoll trace -- COMMAND` starts COMMAND, held before its
 * execve. It stops itself (SIGSTOP) so that swoll can attach the probe and
 * select this process; once continued, its next system call is the execve
 * of COMMAND, with COMMAND's own argv[0] and the environment swoll was
 * given, as strace runs it. Nothing of the holder is traced but that
 * execve: its earlier calls come before the selection, and the stop sits
 * inside a call that entered before it.
 *
 *   swoll-hold FD PATH ARGV0 [ARG...]
 *
 * FD: the descriptor the holder was started from (a memory file in the
 * compiled swoll, see ffi/embedded.ts; -1 when run from a file), closed
 * first so that COMMAND does not inherit it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	int fd;

	if (argc < 4) {
		fputs("swoll-hold: usage: swoll-hold FD PATH ARGV0 [ARG...] (started by swoll trace -- COMMAND)\n", stderr);
		return 127;
	}
	fd = atoi(argv[1]);
	if (fd > 2)
		close(fd);
	kill(getpid(), SIGSTOP);
	execve(argv[2], argv + 3, envp);
	fprintf(stderr, "swoll: cannot run %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
