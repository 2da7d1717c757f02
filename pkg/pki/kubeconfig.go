package pki

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const (
	// KubeconfigContext names both the context and the cluster written by
	// WriteKubeconfig.
	KubeconfigContext = "kapi"
	// KubeconfigUser names the user written by WriteKubeconfig.
	KubeconfigUser = "kapi-admin"
)

// WriteKubeconfig writes to path, with mode 0600 and replacing any existing
// file, a kubeconfig that reaches
// serverURL trusting the CA in caFile and authenticating with the client
// certificate and key in certFile and keyFile. The file contents are
// embedded so the kubeconfig keeps working when copied elsewhere.
func WriteKubeconfig(path, serverURL, caFile, certFile, keyFile string) error {
	caData, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("reading CA certificate: %w", err)
	}
	certData, err := os.ReadFile(certFile)
	if err != nil {
		return fmt.Errorf("reading client certificate: %w", err)
	}
	keyData, err := os.ReadFile(keyFile)
	if err != nil {
		return fmt.Errorf("reading client key: %w", err)
	}

	cfg := clientcmdapi.NewConfig()
	cluster := clientcmdapi.NewCluster()
	cluster.Server = serverURL
	cluster.CertificateAuthorityData = caData
	cfg.Clusters[KubeconfigContext] = cluster
	user := clientcmdapi.NewAuthInfo()
	user.ClientCertificateData = certData
	user.ClientKeyData = keyData
	cfg.AuthInfos[KubeconfigUser] = user
	kctx := clientcmdapi.NewContext()
	kctx.Cluster = KubeconfigContext
	kctx.AuthInfo = KubeconfigUser
	cfg.Contexts[KubeconfigContext] = kctx
	cfg.CurrentContext = KubeconfigContext

	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return fmt.Errorf("encoding kubeconfig: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating kubeconfig directory: %w", err)
	}
	return writeFileAtomic(path, data, 0o600)
}
