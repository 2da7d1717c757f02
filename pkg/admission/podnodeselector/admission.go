// Package podnodeselector is kube-apiserver's PodNodeSelector admission plugin: a namespace's
// annotation scheduler.alpha.kubernetes.io/node-selector (or the configured cluster default) is
// merged into the node selector of its new pods, and a pod may neither contradict it nor, when the
// configuration lists the namespace, ask for labels outside the namespace's allowed selector.
package podnodeselector

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodNodeSelector"

// NodeSelectorAnnotation holds a namespace's node selector, as label=value pairs.
const NodeSelectorAnnotation = "scheduler.alpha.kubernetes.io/node-selector"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(r io.Reader) (admission.Interface, error) {
		selectors, err := readConfig(r)
		if err != nil {
			return nil, err
		}
		return &plugin{Plugin: namespaces.New(admission.Create), selectors: selectors}, nil
	})
}

type plugin struct {
	namespaces.Plugin
	// selectors is the configuration: the cluster default and each listed namespace's allowed labels.
	selectors map[string]string
}

var (
	_ admission.MutationInterface   = &plugin{}
	_ admission.ValidationInterface = &plugin{}
)

// Admit merges the namespace's node selector into the pod's, then validates the result.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, o admission.ObjectInterfaces) error {
	pod, selector, err := p.podAndSelector(ctx, a)
	if pod == nil || err != nil {
		return err
	}
	pod.Spec.NodeSelector = labels.Merge(selector, pod.Spec.NodeSelector)
	return p.Validate(ctx, a, o)
}

// Validate refuses a pod whose node selector contradicts its namespace's or leaves the
// namespace's allowed labels.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, _, err := p.podAndSelector(ctx, a)
	if pod == nil || err != nil {
		return err
	}
	allowed, err := labels.ConvertSelectorToLabelsMap(p.selectors[a.GetNamespace()])
	if err != nil {
		return err
	}
	if !within(pod.Spec.NodeSelector, allowed) {
		return apierrors.NewForbidden(a.GetResource().GroupResource(), pod.Name, errors.New("pod node label selector labels conflict with its namespace whitelist"))
	}
	return nil
}

// podAndSelector returns the pod of a pods create and its namespace's node selector, refusing a pod
// that contradicts it; the pod is nil for requests the plugin does not look at.
func (p *plugin) podAndSelector(ctx context.Context, a admission.Attributes) (*corev1.Pod, labels.Set, error) {
	if !podadmission.IsPods(a) {
		return nil, nil, nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return nil, nil, nil
	}
	if !p.WaitForReady() {
		return nil, nil, namespaces.NotReady(a)
	}
	selector, err := p.namespaceSelector(ctx, a.GetNamespace())
	if err != nil {
		return nil, nil, err
	}
	if labels.Conflicts(selector, pod.Spec.NodeSelector) {
		return nil, nil, apierrors.NewForbidden(a.GetResource().GroupResource(), pod.Name, errors.New("pod node label selector conflicts with its namespace node label selector"))
	}
	return pod, selector, nil
}

// namespaceSelector is the namespace's annotation, or the cluster default when it has none.
func (p *plugin) namespaceSelector(ctx context.Context, name string) (labels.Set, error) {
	ns, err := p.Lister.Get(name)
	if apierrors.IsNotFound(err) {
		ns, err = p.Live(ctx, name)
		if err != nil {
			return nil, apierrors.NewInternalError(fmt.Errorf("namespace %s does not exist", name))
		}
	} else if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	if annotation, ok := ns.Annotations[NodeSelectorAnnotation]; ok {
		return labels.ConvertSelectorToLabelsMap(annotation)
	}
	return labels.ConvertSelectorToLabelsMap(p.selectors[clusterDefaultKey])
}

// within tells whether every label of selector is one of allowed's, an empty allowed set allowing
// everything.
func within(selector, allowed labels.Set) bool {
	if len(allowed) == 0 {
		return true
	}
	for k, v := range selector {
		if got, ok := allowed[k]; !ok || got != v {
			return false
		}
	}
	return true
}
