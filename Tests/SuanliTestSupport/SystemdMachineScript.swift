/// The script behind ``SystemdMachine``: `bash machine.sh boot DIR NAME WATCH_PID` boots systemd as PID 1 of
/// fresh namespaces and stays until that systemd ends or the process `WATCH_PID` (the test) is gone; then it
/// kills what is left of the machine and removes its cgroups. See ../shared/recipes/systemd.md.
enum SystemdMachineScript {
  static let text = #"""
    # A systemd machine for tests: `machine.sh boot DIR NAME WATCH_PID` boots systemd as PID 1 of fresh namespaces
    # (cgroup, pid, mount, uts, ipc, net) in child cgroups named NAME, and stays until that systemd ends or the
    # process WATCH_PID (the test) is gone; then it kills what is left and removes the cgroups. DIR holds:
    #   root/     a tree laid over the machine's / (usr, etc, var, opt: overlays; run: copied into its /run)
    #   shared/   seen inside as /run/host, while the machine runs
    #   target    the Wants= of the machine's target, one unit a line
    #   masks     units masked inside, one a line
    # and receives: pid1 (host pid of the machine's systemd), cgroups, console.log, ended.
    set -u

    cgroup_dirs() {
      # The current cgroup of this process in every mounted hierarchy (v1 and v2), as a directory.
      local _dev mnt type opts _rest path hid ctrls p c ok
      while read -r _dev mnt type opts _rest; do
        case $type in
          cgroup2) path=$(sed -n 's/^0:://p' /proc/self/cgroup) ;;
          cgroup)
            path=
            while IFS=: read -r hid ctrls p; do
              [ -n "$ctrls" ] || continue
              ok=1
              for c in ${ctrls//,/ }; do
                case ",$opts," in *",$c,"*) ;; *) ok=0 ;; esac
              done
              [ $ok = 1 ] && path=$p
            done </proc/self/cgroup
            [ -n "$path" ] || continue ;;
          *) continue ;;
        esac
        echo "$type ${mnt}${path%/}"
      done </proc/self/mounts
    }

    remove_cgroups() {
      local dir
      [ -f "$DIR/cgroups" ] || return 0
      for _ in $(seq 100); do
        local left=0
        while read -r _type dir; do
          [ -d "$dir" ] || continue
          find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
          [ -d "$dir" ] && left=1
        done <"$DIR/cgroups"
        [ $left = 0 ] && return 0
        sleep 0.1
      done
      echo "cgroups left behind: $(cat "$DIR/cgroups")" >&2
    }

    remove_stale_cgroups() {
      # Machines of crashed tests that were killed with their watcher: empty cgroups named like ours.
      local _type parent dir
      cgroup_dirs | while read -r _type parent; do
        for dir in "$parent"/suanli-machine-*; do
          [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
      done
      return 0
    }

    boot() {
      : >"$DIR/cgroups"
      exec 9>/tmp/suanli-machine.lock
      flock 9
      remove_stale_cgroups
      local type parent
      cgroup_dirs | while read -r type parent; do
        mkdir -p "$parent/$NAME" || continue
        if [ -f "$parent/cpuset.cpus" ]; then
          cat "$parent/cpuset.cpus" >"$parent/$NAME/cpuset.cpus"
          cat "$parent/cpuset.mems" >"$parent/$NAME/cpuset.mems"
        fi
        echo "$type $parent/$NAME" >>"$DIR/cgroups"
      done
      grep -q '^cgroup2 ' "$DIR/cgroups" || { echo "no cgroup2 hierarchy" >&2; remove_cgroups; exit 1; }
      (
        while read -r type dir; do
          echo "$BASHPID" >"$dir/cgroup.procs" || [ "$type" = cgroup ] || exit 1
        done <"$DIR/cgroups"
        exec 9>&-
        exec unshare --cgroup --pid --kill-child --mount --uts --ipc --net --mount-proc \
          /bin/bash "$SCRIPT" inside "$DIR"
      ) >"$DIR/console.log" 2>&1 </dev/null &
      local unshare=$!
      local pid1=
      for _ in $(seq 200); do
        pid1=$(cat "/proc/$unshare/task/$unshare/children" 2>/dev/null | tr -d ' ')
        [ -n "$pid1" ] && break
        kill -0 "$unshare" 2>/dev/null || break
        sleep 0.05
      done
      flock -u 9
      exec 9>&-
      echo "$pid1" >"$DIR/pid1.partial" && mv "$DIR/pid1.partial" "$DIR/pid1"
      trap 'kill -KILL $pid1 $unshare 2>/dev/null' TERM INT HUP
      while kill -0 "$unshare" 2>/dev/null && kill -0 "$WATCH" 2>/dev/null; do
        sleep 0.2
      done
      [ -n "$pid1" ] && kill -KILL "$pid1" 2>/dev/null
      wait "$unshare" 2>/dev/null
      # Every process of the machine is gone once its cgroup2 subtree is empty.
      local v2
      v2=$(sed -n 's/^cgroup2 //p' "$DIR/cgroups")
      for _ in $(seq 100); do
        grep -q '^populated 0' "$v2/cgroup.events" 2>/dev/null && break
        [ -d "$v2" ] || break
        sleep 0.1
      done
      remove_cgroups
      touch "$DIR/ended"
      # The test died without shutting the machine down: nobody else will remove its files.
      kill -0 "$WATCH" 2>/dev/null || rm -rf "$DIR"
    }

    inside() {
      set -e
      mount -t tmpfs -o mode=0755 tmpfs /run
      mkdir -p /run/host /run/machine /run/systemd/system
      mount --bind "$DIR/shared" /run/host
      if [ -d "$DIR/root/run" ]; then cp -a "$DIR/root/run/." /run/; fi
      # Writable overlays: what the machine writes to /etc, /var, /usr... stays in its /run.
      for d in etc var usr opt srv home root; do
        [ -d "/$d" ] || continue
        lower=/$d
        [ -d "$DIR/root/$d" ] && lower="$DIR/root/$d:/$d"
        mkdir -p "/run/machine/$d/upper" "/run/machine/$d/work"
        mount -t overlay overlay -o "lowerdir=$lower,upperdir=/run/machine/$d/upper,workdir=/run/machine/$d/work" "/$d"
      done
      mount --bind /proc/sys /proc/sys
      mount -o remount,bind,ro /proc/sys
      mount --bind /sys /sys
      mount -o remount,bind,ro /sys
      mount -t tmpfs tmpfs /sys/fs/cgroup
      mount -t cgroup2 cgroup2 /sys/fs/cgroup
      while read -r unit; do
        [ -n "$unit" ] && ln -sf /dev/null "/run/systemd/system/$unit"
      done <"$DIR/masks"
      {
        echo "[Unit]"
        echo "Description=Suanli test machine"
        echo "DefaultDependencies=no"
        echo "Wants=systemd-journald.socket systemd-journald-dev-log.socket systemd-journald.service"
        while read -r unit; do [ -n "$unit" ] && echo "Wants=$unit"; done <"$DIR/target"
      } >/run/systemd/system/suanli-machine.target
      mount -t tmpfs tmpfs /tmp
      mount -t tmpfs tmpfs /var/log/journal
      mkdir -p /run/systemd/journald.conf.d
      printf '[Journal]\nReadKMsg=no\n' >/run/systemd/journald.conf.d/machine.conf
      export container=suanli-test
      exec /lib/systemd/systemd --system --unit=suanli-machine.target --log-target=journal
    }

    SCRIPT=$(readlink -f "$0")
    case ${1:-} in
      boot) DIR=$2 NAME=$3 WATCH=$4 boot ;;
      inside) DIR=$2 inside ;;
      *) echo "usage: $0 boot DIR NAME WATCH_PID" >&2; exit 2 ;;
    esac
    """#
}
