// Package nodedeclaredfeatures is kube-apiserver's NodeDeclaredFeatureValidator admission plugin
// (feature NodeDeclaredFeatures, GA in v1.37): an update to a bound pod that needs a node feature,
// such as an in-place resize, is refused when the node does not list that feature in
// status.declaredFeatures. Its ResourceSlice check belongs to DRANodeAllocatableResources, alpha
// and off by default, and kapi does not serve ResourceSlices, so it is left out.
package nodedeclaredfeatures

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	corev1listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/component-base/compatibility"
	ndf "k8s.io/component-helpers/nodedeclaredfeatures"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "NodeDeclaredFeatureValidator"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return newPlugin(), nil
	})
}

func newPlugin() *plugin {
	return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update), framework: ndf.DefaultFramework}
}

type plugin struct {
	*admission.Handler
	nodes     corev1listers.NodeLister
	framework *ndf.Framework
	// version is the server's binary version: a feature every node of a supported skew has is
	// not required.
	version *version.Version
}

var (
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
	_ initializer.WantsEffectiveVersion            = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().Nodes()
	p.nodes = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) InspectEffectiveVersion(v compatibility.EffectiveVersion) {
	p.version = v.BinaryVersion()
}

func (p *plugin) ValidateInitialization() error {
	if p.nodes == nil {
		return fmt.Errorf("missing node lister for %s", PluginName)
	}
	if p.version == nil {
		return errors.New("missing server version")
	}
	return nil
}

func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, old, ok, err := podadmission.BoundSpecUpdate(a, "", "resize")
	if !ok || err != nil {
		return err
	}
	required, err := p.framework.InferForPodUpdate(&ndf.PodInfo{Spec: &old.Spec, Status: &old.Status}, &ndf.PodInfo{Spec: &pod.Spec, Status: &pod.Status}, p.version)
	if err != nil {
		return podadmission.Forbidden(a, "failed to infer pod capability requirements: %w", err)
	}
	if required.IsEmpty() {
		return nil
	}
	node, err := podadmission.Node(a, p.WaitForReady, p.nodes, pod)
	if err != nil {
		return err
	}
	match, err := p.framework.MatchNode(required, node)
	if err != nil {
		return podadmission.Forbidden(a, "failed to match pod requirements against node %q: %w", node.Name, err)
	}
	if !match.IsMatch {
		return podadmission.Forbidden(a, "pod update requires features %s which are not available on node %q", strings.Join(match.UnsatisfiedRequirements, ", "), node.Name)
	}
	return nil
}
