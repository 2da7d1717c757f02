// Package podtopologylabels is kube-apiserver's PodTopologyLabels admission plugin (feature
// PodTopologyLabelsAdmission, beta and on in v1.37): a pod bound to a node, through pods/binding
// or by a create that sets spec.nodeName, gets the node's topology.k8s.io/zone and
// topology.k8s.io/region labels, so that the downward API can expose them.
package podtopologylabels

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodTopologyLabels"

// copiedLabels are the node labels a bound pod receives; upstream copies exactly these, not the
// well-known topology.kubernetes.io ones.
var copiedLabels = []string{"topology.k8s.io/zone", "topology.k8s.io/region"}

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
	nodes corev1listers.NodeLister
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

var podsResource = corev1.Resource("pods")

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().Nodes()
	p.nodes = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.nodes == nil {
		return errors.New("nodeLister not set")
	}
	return nil
}

func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().GroupResource() != podsResource {
		return nil
	}
	var meta *map[string]string
	var nodeName string
	switch a.GetSubresource() {
	case "":
		pod, ok := a.GetObject().(*corev1.Pod)
		if !ok {
			return fmt.Errorf("expected Pod but got %T", a.GetObject())
		}
		meta, nodeName = &pod.Labels, pod.Spec.NodeName
	case "binding":
		binding, ok := a.GetObject().(*corev1.Binding)
		if !ok {
			return fmt.Errorf("expected Binding but got %s", a.GetKind().Kind)
		}
		// The pod registry copies a Binding's labels to the pod it binds.
		if binding.Target.Kind != "Node" {
			return nil
		}
		meta, nodeName = &binding.Labels, binding.Target.Name
	default:
		return nil
	}
	if nodeName == "" {
		return nil
	}
	if !p.WaitForReady() {
		return admission.NewForbidden(a, errors.New("not yet ready to handle request"))
	}
	node, err := p.nodes.Get(nodeName)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, key := range copiedLabels {
		value, ok := node.Labels[key]
		if !ok {
			continue
		}
		if *meta == nil {
			*meta = map[string]string{}
		}
		if _, exists := (*meta)[key]; !exists {
			(*meta)[key] = value
		}
	}
	return nil
}
