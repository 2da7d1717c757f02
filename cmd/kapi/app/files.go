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

// Data directories used when --data-dir is not given.
const (
	defaultDataDir = ".kapi"
	certDirDataDir = "kapi"
)

// completeDataDir picks the data directory when --data-dir was not given.
func (o *Options) completeDataDir() {
	if o.DataDir != "" {
		return
	}
	o.DataDir = defaultDataDir
	if dir := o.SecureServing.ServerCert.CertDirectory; dir != "" {
		o.DataDir = filepath.Join(dir, certDirDataDir)
	}
}
