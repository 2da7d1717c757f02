// Package defaulttolerationseconds is kube-apiserver's DefaultTolerationSeconds admission plugin:
// pods that do not tolerate the not-ready and unreachable NoExecute taints get tolerations for
// them with a bounded time, so that they are evicted from a failed node after that time rather
// than at once.
package defaulttolerationseconds

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/initializer"
	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "DefaultTolerationSeconds"

// Register registers the plugin; its seconds come from initializer.TolerationSeconds.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
	notReady, unreachable *int64
}

var (
	_ admission.MutationInterface               = &plugin{}
	_ initializer.WantsDefaultTolerationSeconds = &plugin{}
)

func (p *plugin) SetDefaultTolerationSeconds(notReady, unreachable int64) {
	p.notReady, p.unreachable = &notReady, &unreachable
}

func (p *plugin) ValidateInitialization() error {
	if p.notReady == nil || p.unreachable == nil {
		return errors.New("missing default toleration seconds")
	}
	return nil
}

func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if !podadmission.IsPods(a) {
		return nil
	}
	pod, err := podadmission.Pod(a)
	if err != nil {
		return err
	}
	notReady, unreachable := false, false
	for _, t := range pod.Spec.Tolerations {
		notReady = notReady || toleratesNoExecute(t, corev1.TaintNodeNotReady)
		unreachable = unreachable || toleratesNoExecute(t, corev1.TaintNodeUnreachable)
	}
	if !notReady {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, toleration(corev1.TaintNodeNotReady, *p.notReady))
	}
	if !unreachable {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, toleration(corev1.TaintNodeUnreachable, *p.unreachable))
	}
	return nil
}

// toleratesNoExecute tells whether t already says something about key's NoExecute taint; its time,
// or even its operator, does not matter.
func toleratesNoExecute(t corev1.Toleration, key string) bool {
	return (t.Key == key || t.Key == "") && (t.Effect == corev1.TaintEffectNoExecute || t.Effect == "")
}

func toleration(key string, seconds int64) corev1.Toleration {
	return corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &seconds}
}
