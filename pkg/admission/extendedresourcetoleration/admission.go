// Package extendedresourcetoleration is kube-apiserver's ExtendedResourceToleration admission
// plugin: a pod that requests an extended resource, such as example.com/gpu, tolerates the
// NoSchedule taint of that name, so that nodes with such devices can keep every other pod away by
// tainting themselves with the resource's name.
package extendedresourcetoleration

import (
	"context"
	"io"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "ExtendedResourceToleration"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
}

var _ admission.MutationInterface = &plugin{}

// Admit adds a toleration for each extended resource the pod's containers request, in name order.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if !podadmission.IsPods(a) {
		return nil
	}
	pod, err := podadmission.Pod(a)
	if err != nil {
		return err
	}
	names := sets.New[string]()
	for _, containers := range [][]corev1.Container{pod.Spec.Containers, pod.Spec.InitContainers} {
		for _, c := range containers {
			for name := range c.Resources.Requests {
				if isExtended(name) {
					names.Insert(string(name))
				}
			}
		}
	}
	for _, name := range sets.List(names) {
		pod.Spec.Tolerations = addOrReplace(pod.Spec.Tolerations, corev1.Toleration{Key: name, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	}
	return nil
}

// isExtended tells whether name is an extended resource: outside the kubernetes.io domains, and
// valid as a quota's requests.<name>.
func isExtended(name corev1.ResourceName) bool {
	s := string(name)
	if !strings.Contains(s, "/") || strings.Contains(s, corev1.ResourceDefaultNamespacePrefix) || strings.HasPrefix(s, corev1.DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+s)) == 0
}

// addOrReplace puts t into tolerations, in place of one that matches it on key, operator, value
// and effect.
func addOrReplace(tolerations []corev1.Toleration, t corev1.Toleration) []corev1.Toleration {
	i := slices.IndexFunc(tolerations, func(old corev1.Toleration) bool { return old.MatchToleration(&t) })
	if i < 0 {
		return append(tolerations, t)
	}
	tolerations[i] = t
	return tolerations
}
