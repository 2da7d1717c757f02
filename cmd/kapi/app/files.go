package app

import (
	"os"
	"path/filepath"
)

// fileExists reports whether dir/name exists.
func fileExists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

// etcdDir is where the embedded etcd keeps its data.
func (o *Options) etcdDir() string {
	return filepath.Join(o.DataDir, "etcd")
}
