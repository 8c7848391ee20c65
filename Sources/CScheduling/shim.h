// Linux's thread-placement calls (glibc declares them only with _GNU_SOURCE), for keeping tlrun's compute threads
// off each other's cores.
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

/// The CPU the calling thread runs on, or -1.
static inline int tl_current_cpu(void) { return sched_getcpu(); }

/// The calling thread's kernel thread id.
static inline int tl_thread_id(void) { return (int)gettid(); }

/// The CPUs the calling thread may run on, or an empty set when they cannot be read.
static inline cpu_set_t tl_allowed_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) CPU_ZERO(&set);
    return set;
}

/// Lets thread `thread` run on the CPUs of `allowed` but `cpu`; returns 0 on success, -1 when that leaves no CPU or
/// the call fails.
static inline int tl_keep_off_cpu(int thread, cpu_set_t allowed, int cpu) {
    if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_CLR(cpu, &allowed);
    if (CPU_COUNT(&allowed) == 0) return -1;
    return sched_setaffinity(thread, sizeof allowed, &allowed);
}

/// 1 when thread `thread` may run on CPU `cpu`, 0 when not, -1 when its CPUs cannot be read.
static inline int tl_thread_may_run(int thread, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(thread, sizeof set, &set) != 0) return -1;
    return CPU_ISSET(cpu, &set) ? 1 : 0;
}
