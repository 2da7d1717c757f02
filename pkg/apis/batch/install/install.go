// Package install registers the batch API group (Jobs and CronJobs) into kapi's scheme.
package install

import (
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	batchv1defaults "github.com/kapi-dev/kapi/pkg/apis/batch/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers batch/v1 as both the served and the internal version, with its defaulters and
// the field labels that field selectors accept on jobs.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, batchv1.SchemeGroupVersion, batchv1.AddToScheme))
	utilruntime.Must(batchv1defaults.RegisterDefaults(s))
	utilruntime.Must(s.AddFieldLabelConversionFunc(batchv1.SchemeGroupVersion.WithKind("Job"), func(label, value string) (string, string, error) {
		switch label {
		case "metadata.name", "metadata.namespace", "status.successful":
			return label, value, nil
		}
		return "", "", fmt.Errorf("field label %q not supported for batchv1.Job", label)
	}))
}
