// Linux file-system hints that Swift cannot reach directly (ioctl is variadic).
#include <sys/ioctl.h>
#include <linux/fs.h>

/// Marks a directory as the top of a hierarchy (ext4's `chattr +T`): directories created in it
/// are spread over the disk like top-level ones instead of next to it. Returns 0, or -1 with errno
/// set (e.g. on file systems without inode flags).
static inline int digdag_mark_top_directory(int fd) {
    int flags = 0;
    if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) return -1;
    if (flags & FS_TOPDIR_FL) return 0;
    flags |= FS_TOPDIR_FL;
    return ioctl(fd, FS_IOC_SETFLAGS, &flags);
}
