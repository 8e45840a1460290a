#ifndef SUANLI_CSYSTEMD_SHIM_H
#define SUANLI_CSYSTEMD_SHIM_H

#include <sys/types.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

/// Layout-identical to glibc's `struct ucred`, which is hidden behind _GNU_SOURCE: what SO_PEERCRED returns.
struct suanli_ucred {
  pid_t pid;
  uid_t uid;
  gid_t gid;
};

#endif
