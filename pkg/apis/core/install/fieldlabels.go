package install

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
)

// fieldLabels lists, per kind, the field selector labels kube-apiserver accepts besides metadata.name
// (and metadata.namespace for namespaced kinds).
var fieldLabels = map[string][]string{
	"Pod": {
		"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
		"spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
	},
	"Node":                  {"spec.unschedulable"},
	"Namespace":             {"status.phase"},
	"ReplicationController": {"status.replicas"},
	"Service":               {"spec.clusterIP", "spec.type"},
	"Secret":                {"type"},
	"Event": {
		"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
		"involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
		"reason", "reportingComponent", "source", "type",
	},
}

// namespacedKinds are the kinds above whose objects live in a namespace.
var namespacedKinds = sets.New("Pod", "ReplicationController", "Service", "Secret", "Event")

func addFieldLabelConversions(s *runtime.Scheme) error {
	for kind, extra := range fieldLabels {
		allowed := sets.New(append(extra, "metadata.name")...)
		if namespacedKinds.Has(kind) {
			allowed.Insert("metadata.namespace")
		}
		err := s.AddFieldLabelConversionFunc(corev1.SchemeGroupVersion.WithKind(kind), func(label, value string) (string, string, error) {
			if !allowed.Has(label) {
				return "", "", fmt.Errorf("field label not supported: %s", label)
			}
			return label, value, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
