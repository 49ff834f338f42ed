/*
 * Syscall workload for bench/overhead.ts. Not part of swoll itself.
 *
 *   workload getppid N            N raw getppid syscalls
 *   workload openat N PATH        N openat(PATH) (+ close when it succeeds)
 *   workload connect N PORT       N socket+connect(127.0.0.1:PORT)+close, PORT closed
 *   workload getppid-rate N RATE  N getppid syscalls paced to RATE per second
 *   workload churn SECONDS RATE PROCS CGROUPS DIR CHILD_CALLS
 *                                 bench/soak.ts's load: see run_churn
 *   (env WORKLOAD_MAX_MS=ms: getppid/openat stop early after that long)
 *
 * Prints one line to stdout:
 *   ns_per_iter=<f> iterations=<N> syscalls_per_iter=<f> elapsed_ns=<n> errors=<n>
 * The clock is read (CLOCK_MONOTONIC, vDSO: no syscall) around the loop, once
 * per CHUNK iterations when WORKLOAD_MAX_MS is set (the loop then stops early
 * after that many ms and reports the iterations it did), and in the pacing
 * loop of getppid-rate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#define CHUNK 4096
static uint64_t deadline_ns; /* 0: run all N iterations */

/* Iterations to run next: up to CHUNK, 0 once N are done or the deadline passed. */
static long next_chunk(long done, long n) {
  if (done >= n) return 0;
  if (deadline_ns && done > 0 && now_ns() >= deadline_ns) return 0;
  return n - done < CHUNK ? n - done : CHUNK;
}

static long parse_count(const char *s, const char *what) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || !end || *end || v <= 0) {
    fprintf(stderr, "workload: bad %s: %s\n", what, s);
    exit(2);
  }
  return v;
}

static void report(long n, uint64_t elapsed, double syscalls_per_iter, long errors) {
  printf("ns_per_iter=%.3f iterations=%ld syscalls_per_iter=%.3f elapsed_ns=%llu errors=%ld\n",
         (double)elapsed / (double)n, n, syscalls_per_iter, (unsigned long long)elapsed, errors);
}

static int run_getppid(long n) {
  long done = 0, k;
  uint64_t t0 = now_ns();
  while ((k = next_chunk(done, n)) > 0) {
    for (long i = 0; i < k; i++) syscall(SYS_getppid);
    done += k;
  }
  uint64_t t1 = now_ns();
  report(done, t1 - t0, 1.0, 0);
  return 0;
}

static int run_openat(long n, const char *path) {
  long opened = 0, errors = 0, done = 0, k;
  uint64_t t0 = now_ns();
  while ((k = next_chunk(done, n)) > 0) {
    for (long i = 0; i < k; i++) {
      int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        syscall(SYS_close, fd);
        opened++;
      } else {
        errors++;
      }
    }
    done += k;
  }
  uint64_t t1 = now_ns();
  /* openat, plus a close for each successful open */
  report(done, t1 - t0, 1.0 + (double)opened / (double)done, errors);
  return 0;
}

/* socket + connect to a closed loopback port (ECONNREFUSED) + close:
 * the sockaddr is captured and decoded on every connect. */
static int run_connect(long n, int port) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  long errors = 0, done = 0, k;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  uint64_t t0 = now_ns();
  while ((k = next_chunk(done, n)) > 0) {
    for (long i = 0; i < k; i++) {
      int fd = (int)syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (syscall(SYS_connect, fd, &sa, sizeof(sa)) < 0) errors++;
      syscall(SYS_close, fd);
    }
    done += k;
  }
  uint64_t t1 = now_ns();
  report(done, t1 - t0, 3.0, errors);
  return 0;
}

/* Paced: issue syscalls in chunks of ~0.1 ms worth, then spin on the clock
 * until the schedule allows the next chunk. A late chunk is not skipped, so
 * the average rate never exceeds RATE and catches up after a stall. */
static int run_getppid_rate(long n, long rate) {
  long chunk = rate / 10000;
  if (chunk < 1) chunk = 1;
  uint64_t t0 = now_ns();
  long done = 0;
  while (done < n) {
    long todo = n - done < chunk ? n - done : chunk;
    for (long i = 0; i < todo; i++) syscall(SYS_getppid);
    done += todo;
    uint64_t due = t0 + (uint64_t)((double)done * 1e9 / (double)rate);
    while (now_ns() < due) {
    }
  }
  uint64_t t1 = now_ns();
  report(n, t1 - t0, 1.0, 0);
  return 0;
}

/*
 * Load for bench/soak.ts, for SECONDS (or until SIGTERM/SIGINT):
 *  - RATE getppid calls per second, issued every 10 ms tick (sleeping between ticks);
 *  - CGROUPS new cgroups per second under DIR, each DIR/pod<uuid>/cri-containerd-<id>.scope
 *    (the names kubelet and containerd use, so tracers resolve them as containers);
 *    CHURN_LIVE of them are live at a time, the oldest is removed when a new one comes;
 *  - PROCS short-lived processes per second: fork, the child moves itself into the
 *    next live cgroup (writes 0 to its cgroup.procs) and execs this binary for
 *    CHILD_CALLS getppid calls.
 * Prints "cg+ ID" / "cg- ID" (ID: the scope's inode, the cgroup id the probe
 * reports) as cgroups come and go, "progress ..." once a second and "done ..." at
 * the end, after every child is reaped and every cgroup removed.
 */
#define CHURN_LIVE 8
#define CHURN_PENDING 4096
struct churn_cg {
  char scope[512];
  char pod[512];
  unsigned long long id;
};
static volatile sig_atomic_t churn_stop;
static void on_stop(int sig) {
  (void)sig;
  churn_stop = 1;
}

static struct churn_cg pending[CHURN_PENDING];
static int npending;
static long cg_removed, cg_failed;

/* rmdir the scope then its pod directory; 0 when both are gone. */
static int churn_remove(struct churn_cg *c) {
  if (c->scope[0] && rmdir(c->scope) != 0 && errno != ENOENT) return -1;
  if (c->scope[0]) printf("cg- %llu\n", c->id);
  c->scope[0] = 0;
  if (rmdir(c->pod) != 0 && errno != ENOENT) return -1;
  return 0;
}

static void churn_retry_pending(void) {
  int kept = 0;
  for (int i = 0; i < npending; i++) {
    if (churn_remove(&pending[i]) == 0) cg_removed++;
    else pending[kept++] = pending[i];
  }
  npending = kept;
}

static int run_churn(double seconds, long rate, double procs_per_s, double cgroups_per_s, const char *dir, long child_calls) {
  struct churn_cg live[CHURN_LIVE];
  int nlive = 0;
  char self[4096], calls_arg[32];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n <= 0) {
    perror("workload: /proc/self/exe");
    return 1;
  }
  self[n] = 0;
  snprintf(calls_arg, sizeof(calls_arg), "%ld", child_calls);
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  signal(SIGPIPE, SIG_IGN);

  const uint64_t tick = 10000000ull; /* 10 ms */
  uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(seconds * 1e9), last_progress = t0;
  long calls = 0, procs = 0, fork_failed = 0, made = 0, reaped = 0;
  for (uint64_t k = 1; !churn_stop; k++) {
    uint64_t now = now_ns();
    if (now >= deadline) break;
    double elapsed = (double)(now - t0) / 1e9;
    /* base load; a late tick catches up, a very late one (stopped machine) does not burst */
    long due = (long)(elapsed * (double)rate), cap = rate / 20 + 1;
    if (due - calls > cap) calls = due - cap;
    while (calls < due) {
      syscall(SYS_getppid);
      calls++;
    }
    while ((double)made < elapsed * cgroups_per_s || nlive == 0) {
      struct churn_cg c = {0};
      unsigned long long u = ((unsigned long long)getpid() << 24) ^ (unsigned long long)made;
      struct stat st;
      if (snprintf(c.pod, sizeof(c.pod), "%s/pod%08llx-0000-4000-8000-%012llx", dir, u >> 32, u & 0xffffffffffffull) >= (int)sizeof(c.pod) ||
          snprintf(c.scope, sizeof(c.scope), "%s/cri-containerd-%016llx%016llx%016llx%016llx.scope", c.pod, u, u * 3, u * 5, u * 7) >= (int)sizeof(c.scope)) {
        fprintf(stderr, "workload: %s: path too long\n", dir);
        return 1;
      }
      if (mkdir(c.pod, 0755) != 0 || mkdir(c.scope, 0755) != 0 || stat(c.scope, &st) != 0) {
        fprintf(stderr, "workload: mkdir %s: %s\n", c.scope, strerror(errno));
        return 1;
      }
      c.id = (unsigned long long)st.st_ino;
      printf("cg+ %llu\n", c.id);
      made++;
      if (nlive < CHURN_LIVE) {
        live[nlive++] = c;
      } else {
        int slot = (int)(made % CHURN_LIVE);
        if (npending < CHURN_PENDING) pending[npending++] = live[slot];
        else cg_failed++;
        live[slot] = c;
      }
    }
    while ((double)procs < elapsed * procs_per_s) {
      const char *into = live[procs % nlive].scope;
      procs++;
      pid_t pid = fork();
      if (pid < 0) {
        fork_failed++;
        break;
      }
      if (pid == 0) {
        char path[600];
        snprintf(path, sizeof(path), "%s/cgroup.procs", into);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) _exit(126);
        close(fd);
        dup2(devnull, 1);
        dup2(devnull, 2);
        char *argv[] = {"workload", "getppid", calls_arg, NULL};
        execv(self, argv);
        _exit(127);
      }
    }
    while (waitpid(-1, NULL, WNOHANG) > 0) reaped++;
    churn_retry_pending();
    if (now - last_progress >= 1000000000ull) {
      last_progress = now;
      printf("progress elapsed_ns=%llu calls=%ld procs=%ld reaped=%ld cgroups=%ld removed=%ld\n",
             (unsigned long long)(now - t0), calls, procs, reaped, made, cg_removed);
    }
    fflush(stdout);
    uint64_t next = t0 + k * tick;
    struct timespec ts = {(time_t)(next / 1000000000ull), (long)(next % 1000000000ull)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
  }
  uint64_t t1 = now_ns();
  while (waitpid(-1, NULL, 0) > 0) reaped++;
  for (int i = 0; i < nlive; i++) {
    if (npending < CHURN_PENDING) pending[npending++] = live[i];
    else cg_failed++;
  }
  for (int i = 0; i < 500 && npending > 0; i++) {
    churn_retry_pending();
    if (npending) usleep(10000);
  }
  cg_failed += npending;
  printf("done elapsed_ns=%llu calls=%ld procs=%ld reaped=%ld fork_failed=%ld cgroups=%ld removed=%ld remove_failed=%ld\n",
         (unsigned long long)(t1 - t0), calls, procs, reaped, fork_failed, made, cg_removed, cg_failed);
  fflush(stdout);
  return cg_failed ? 3 : 0;
}

static double parse_real(const char *s, const char *what) {
  char *end = NULL;
  double v = strtod(s, &end);
  if (!end || *end || !(v >= 0)) {
    fprintf(stderr, "workload: bad %s: %s\n", what, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  const char *max_ms = getenv("WORKLOAD_MAX_MS");
  if (max_ms && *max_ms) deadline_ns = now_ns() + (uint64_t)parse_count(max_ms, "WORKLOAD_MAX_MS") * 1000000ull;
  if (argc >= 3 && strcmp(argv[1], "getppid") == 0) return run_getppid(parse_count(argv[2], "N"));
  if (argc >= 4 && strcmp(argv[1], "openat") == 0) return run_openat(parse_count(argv[2], "N"), argv[3]);
  if (argc >= 4 && strcmp(argv[1], "connect") == 0) return run_connect(parse_count(argv[2], "N"), (int)parse_count(argv[3], "PORT"));
  if (argc >= 4 && strcmp(argv[1], "getppid-rate") == 0)
    return run_getppid_rate(parse_count(argv[2], "N"), parse_count(argv[3], "RATE"));
  if (argc >= 8 && strcmp(argv[1], "churn") == 0)
    return run_churn(parse_real(argv[2], "SECONDS"), parse_count(argv[3], "RATE"), parse_real(argv[4], "PROCS"),
                     parse_real(argv[5], "CGROUPS"), argv[6], parse_count(argv[7], "CHILD_CALLS"));
  fprintf(stderr, "usage: %s getppid N | openat N PATH | connect N PORT | getppid-rate N RATE | churn SECONDS RATE PROCS CGROUPS DIR CHILD_CALLS\n", argv[0]);
  return 2;
}
