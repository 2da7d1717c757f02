package options

import (
	"os"
	"path/filepath"
)

// Data directories used when --data-dir is not given.
const (
	defaultDataDir = ".kapi"
	certDirDataDir = "kapi"
)

// dataDir is the data directory: --data-dir, else one inside --cert-dir, else defaultDataDir.
func (o *Options) dataDir() string {
	switch {
	case o.DataDir != "":
		return o.DataDir
	case o.SecureServing.ServerCert.CertDirectory != "":
		return filepath.Join(o.SecureServing.ServerCert.CertDirectory, certDirDataDir)
	default:
		return defaultDataDir
	}
}

// fileExists reports whether dir/name exists.
func fileExists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}
