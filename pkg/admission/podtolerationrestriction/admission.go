// Package podtolerationrestriction is kube-apiserver's PodTolerationRestriction admission plugin:
// new pods get their namespace's default tolerations (annotation
// scheduler.alpha.kubernetes.io/defaultTolerations, else the configured cluster default), every
// pod that is not BestEffort tolerates memory pressure, and a pod's tolerations must stay within
// its namespace's whitelist (annotation scheduler.alpha.kubernetes.io/tolerationsWhitelist, else
// the configured cluster whitelist).
package podtolerationrestriction

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
	"github.com/kapi-dev/kapi/pkg/apis/core/qos"
	configv1 "github.com/kapi-dev/kapi/pkg/apis/podtolerationrestriction/v1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodTolerationRestriction"

const (
	// DefaultTolerationsAnnotation holds, as a JSON list, the tolerations a namespace's new pods get.
	DefaultTolerationsAnnotation = "scheduler.alpha.kubernetes.io/defaultTolerations"
	// WhitelistAnnotation holds, as a JSON list, the tolerations a namespace's pods may have.
	WhitelistAnnotation = "scheduler.alpha.kubernetes.io/tolerationsWhitelist"
)

// memoryPressure is what every pod with requests or limits tolerates, since the kubelet evicts
// BestEffort pods first under memory pressure and the others may still be scheduled there.
var memoryPressure = corev1.Toleration{Key: corev1.TaintNodeMemoryPressure, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(r io.Reader) (admission.Interface, error) {
		config, err := readConfig(r)
		if err != nil {
			return nil, err
		}
		return &plugin{Plugin: namespaces.New(admission.Create, admission.Update), config: config}, nil
	})
}

type plugin struct {
	namespaces.Plugin
	config *configv1.Configuration
}

var (
	_ admission.MutationInterface   = &plugin{}
	_ admission.ValidationInterface = &plugin{}
)

// Admit adds the default and memory-pressure tolerations, then checks the whitelist.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, o admission.ObjectInterfaces) error {
	pod, err := p.pod(a)
	if pod == nil || err != nil {
		return err
	}
	var extra []corev1.Toleration
	if a.GetOperation() == admission.Create {
		defaults, err := p.namespaceTolerations(ctx, a.GetNamespace(), DefaultTolerationsAnnotation)
		if err != nil {
			return err
		}
		if defaults == nil {
			defaults = p.config.Default
		}
		extra = append(extra, defaults...)
	}
	if qos.PodQOS(pod) != corev1.PodQOSBestEffort {
		extra = append(extra, memoryPressure)
	}
	if len(extra) > 0 {
		pod.Spec.Tolerations = podadmission.MergeTolerations(pod.Spec.Tolerations, extra)
	}
	return p.Validate(ctx, a, o)
}

// Validate refuses a pod with a toleration outside its namespace's, or else the cluster's,
// whitelist.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, err := p.pod(a)
	if pod == nil || err != nil || len(pod.Spec.Tolerations) == 0 {
		return err
	}
	whitelist, err := p.namespaceTolerations(ctx, a.GetNamespace(), WhitelistAnnotation)
	if err != nil {
		return err
	}
	scope := "namespace"
	if whitelist == nil {
		whitelist, scope = p.config.Whitelist, "cluster"
	}
	if !podadmission.AllCovered(pod.Spec.Tolerations, whitelist) {
		return fmt.Errorf("pod tolerations (possibly merged with namespace default tolerations) conflict with its %s whitelist", scope)
	}
	return nil
}

// pod returns the pod of a request to the pods resource itself, nil for every other request.
func (p *plugin) pod(a admission.Attributes) (*corev1.Pod, error) {
	if !podadmission.IsPods(a) {
		return nil, nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return nil, nil
	}
	if !p.WaitForReady() {
		return nil, namespaces.NotReady(a)
	}
	return pod, nil
}

// namespaceTolerations reads the tolerations in the namespace's annotation key: nil when the
// annotation is absent, empty when it is set to "".
func (p *plugin) namespaceTolerations(ctx context.Context, name, key string) ([]corev1.Toleration, error) {
	ns, err := p.Lister.Get(name)
	if apierrors.IsNotFound(err) {
		ns, err = p.Live(ctx, name)
		if err != nil && !apierrors.IsNotFound(err) {
			err = apierrors.NewInternalError(err)
		}
	} else if err != nil {
		err = apierrors.NewInternalError(err)
	}
	if err != nil {
		return nil, err
	}
	value, ok := ns.Annotations[key]
	if !ok {
		return nil, nil
	}
	ts := []corev1.Toleration{}
	if value == "" {
		return ts, nil
	}
	if err := json.Unmarshal([]byte(value), &ts); err != nil {
		return nil, err
	}
	return ts, nil
}
