// Package podresize is kube-apiserver's PodResizeValidator admission plugin: an in-place resize
// (pods/resize) of a bound pod is refused when the new requests exceed the node's allocatable CPU
// or memory, or when the node is not a Linux node.
package podresize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	corev1listers "k8s.io/client-go/listers/core/v1"
	resourcehelper "k8s.io/component-helpers/resource"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodResizeValidator"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
	nodes corev1listers.NodeLister
}

var (
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().Nodes()
	p.nodes = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.nodes == nil {
		return fmt.Errorf("missing node lister for %s", PluginName)
	}
	return nil
}

func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, _, ok, err := podadmission.BoundSpecUpdate(a, "resize")
	if !ok || err != nil {
		return err
	}
	node, err := podadmission.Node(a, p.WaitForReady, p.nodes, pod)
	if err != nil {
		return err
	}
	if err := fitsAllocatable(pod, node); err != nil {
		return admission.NewForbidden(a, err)
	}
	if os := node.Labels[corev1.LabelOSStable]; os != "linux" {
		return podadmission.Forbidden(a, "pod resize is only supported on linux nodes, node %q is %q", node.Name, os)
	}
	return nil
}

// fitsAllocatable compares the pod's CPU (in millicores) and memory (in bytes) requests with what
// the node can allocate.
func fitsAllocatable(pod *corev1.Pod, node *corev1.Node) error {
	requests := resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{})
	cpu, memory := requests.Cpu().MilliValue(), requests.Memory().Value()
	cpuAllocatable, memoryAllocatable := node.Status.Allocatable.Cpu().MilliValue(), node.Status.Allocatable.Memory().Value()
	var short []string
	if cpu > cpuAllocatable {
		short = append(short, fmt.Sprintf("cpu, requested: %d, allocatable: %d", cpu, cpuAllocatable))
	}
	if memory > memoryAllocatable {
		short = append(short, fmt.Sprintf("memory, requested: %d, allocatable: %d", memory, memoryAllocatable))
	}
	if len(short) > 0 {
		return errors.New("Node didn't have enough allocatable resources: " + strings.Join(short, "; "))
	}
	return nil
}
