package options

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
)

// KubeletOptions are the flags that say how kapi reaches kubelets, for nodes/proxy and the pods'
// log, exec, attach and portforward.
type KubeletOptions struct {
	PreferredAddressTypes []string
	Timeout               time.Duration
	CertFile, KeyFile     string
	CAFile                string
}

// NewKubeletOptions returns kube-apiserver's defaults.
func NewKubeletOptions() KubeletOptions {
	return KubeletOptions{
		PreferredAddressTypes: []string{
			string(corev1.NodeHostName), string(corev1.NodeInternalDNS), string(corev1.NodeInternalIP),
			string(corev1.NodeExternalDNS), string(corev1.NodeExternalIP),
		},
		Timeout: 5 * time.Second,
	}
}

// AddFlags adds the --kubelet-* flags to fs, with kube-apiserver's help.
func (o *KubeletOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.PreferredAddressTypes, "kubelet-preferred-address-types", o.PreferredAddressTypes, "List of the preferred NodeAddressTypes to use for kubelet connections.")
	fs.DurationVar(&o.Timeout, "kubelet-timeout", o.Timeout, "Timeout for kubelet operations.")
	fs.StringVar(&o.CertFile, "kubelet-client-certificate", o.CertFile, "Path to a client cert file for TLS.")
	fs.StringVar(&o.KeyFile, "kubelet-client-key", o.KeyFile, "Path to a client key file for TLS.")
	fs.StringVar(&o.CAFile, "kubelet-certificate-authority", o.CAFile, "Path to a cert file for the certificate authority.")
}

// Validate reports unknown address types, a certificate without its key and files that are missing.
func (o *KubeletOptions) Validate() []error {
	var errs []error
	known := map[string]bool{}
	for _, t := range NewKubeletOptions().PreferredAddressTypes {
		known[t] = true
	}
	for _, t := range o.PreferredAddressTypes {
		if !known[t] {
			errs = append(errs, fmt.Errorf("--kubelet-preferred-address-types: unknown address type %q", t))
		}
	}
	if o.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("--kubelet-timeout must be positive, got %v", o.Timeout))
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		errs = append(errs, fmt.Errorf("--kubelet-client-certificate and --kubelet-client-key must be given together"))
	}
	for flag, path := range map[string]string{"--kubelet-client-certificate": o.CertFile, "--kubelet-client-key": o.KeyFile, "--kubelet-certificate-authority": o.CAFile} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", flag, err))
		}
	}
	return errs
}

// Config returns the kubelet client configuration of the flags.
func (o *KubeletOptions) Config() kubeletclient.Config {
	types := make([]corev1.NodeAddressType, len(o.PreferredAddressTypes))
	for i, t := range o.PreferredAddressTypes {
		types[i] = corev1.NodeAddressType(t)
	}
	return kubeletclient.Config{PreferredAddressTypes: types, Timeout: o.Timeout, CertFile: o.CertFile, KeyFile: o.KeyFile, CAFile: o.CAFile}
}
