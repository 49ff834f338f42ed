/*
 * Syscall workload for bench/overhead.ts. Not part of swoll itself.
 *
 *   workload getppid N            N raw getppid syscalls
 *   workload openat N PATH        N openat(PATH) (+ close when it succeeds)
 *   workload connect N PORT       N socket+connect(127.0.0.1:PORT)+close, PORT closed
 *   workload getppid-rate N RATE  N getppid syscalls paced to RATE per second
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
#include <sys/syscall.h>
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

int main(int argc, char **argv) {
  const char *max_ms = getenv("WORKLOAD_MAX_MS");
  if (max_ms && *max_ms) deadline_ns = now_ns() + (uint64_t)parse_count(max_ms, "WORKLOAD_MAX_MS") * 1000000ull;
  if (argc >= 3 && strcmp(argv[1], "getppid") == 0) return run_getppid(parse_count(argv[2], "N"));
  if (argc >= 4 && strcmp(argv[1], "openat") == 0) return run_openat(parse_count(argv[2], "N"), argv[3]);
  if (argc >= 4 && strcmp(argv[1], "connect") == 0) return run_connect(parse_count(argv[2], "N"), (int)parse_count(argv[3], "PORT"));
  if (argc >= 4 && strcmp(argv[1], "getppid-rate") == 0)
    return run_getppid_rate(parse_count(argv[2], "N"), parse_count(argv[3], "RATE"));
  fprintf(stderr, "usage: %s getppid N | openat N PATH | connect N PORT | getppid-rate N RATE\n", argv[0]);
  return 2;
}
