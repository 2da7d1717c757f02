// Package install registers the certificates.k8s.io API group (CertificateSigningRequests,
// ClusterTrustBundles and PodCertificateRequests) into kapi's scheme.
package install

import (
	"fmt"

	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	certificatesv1defaults "github.com/kapi-dev/kapi/pkg/apis/certificates/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// fieldLabels are the fields, besides metadata.name (and metadata.namespace where namespaced), that
// field selectors accept on each kind, as kube-apiserver.
var fieldLabels = map[string][]string{
	"CertificateSigningRequest": {"spec.signerName"},
	"ClusterTrustBundle":        {"spec.signerName"},
	"PodCertificateRequest":     {"spec.signerName", "spec.podName", "spec.nodeName"},
}

// Install registers certificates.k8s.io/v1 as both the served and the internal version, with its
// defaulters and field labels.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, certificatesv1.SchemeGroupVersion, certificatesv1.AddToScheme))
	utilruntime.Must(certificatesv1defaults.RegisterDefaults(s))
	for kind, labels := range fieldLabels {
		allowed := map[string]bool{"metadata.name": true, "metadata.namespace": kind == "PodCertificateRequest"}
		for _, l := range labels {
			allowed[l] = true
		}
		utilruntime.Must(s.AddFieldLabelConversionFunc(certificatesv1.SchemeGroupVersion.WithKind(kind), func(label, value string) (string, string, error) {
			if allowed[label] {
				return label, value, nil
			}
			return "", "", fmt.Errorf("field label not supported: %s", label)
		}))
	}
}
