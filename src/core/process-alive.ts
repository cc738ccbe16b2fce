/** Whether a process of this id runs now (on this machine): a lock's or a temporary file's owner. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
