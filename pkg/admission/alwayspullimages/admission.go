// Package alwayspullimages is kube-apiserver's AlwaysPullImages admission plugin: every container
// of a new pod, or of an update that brings a new image, pulls its image always, so that an image
// one tenant pulled to a node cannot be run by another tenant without the credentials to pull it.
package alwayspullimages

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "AlwaysPullImages"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}, nil
	})
}

type plugin struct {
	*admission.Handler
}

var (
	_ admission.MutationInterface   = &plugin{}
	_ admission.ValidationInterface = &plugin{}
)

// Admit sets every container's pull policy to Always.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, err := podToCheck(a)
	if pod == nil || err != nil {
		return err
	}
	podadmission.VisitContainers(&pod.Spec, func(c *corev1.Container, _ *field.Path) bool {
		c.ImagePullPolicy = corev1.PullAlways
		return true
	})
	return nil
}

// Validate refuses containers whose pull policy a later mutation changed back.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, err := podToCheck(a)
	if pod == nil || err != nil {
		return err
	}
	var errs []error
	podadmission.VisitContainers(&pod.Spec, func(c *corev1.Container, path *field.Path) bool {
		if c.ImagePullPolicy != corev1.PullAlways {
			errs = append(errs, admission.NewForbidden(a, field.NotSupported(path.Child("imagePullPolicy"), c.ImagePullPolicy, []string{string(corev1.PullAlways)})))
		}
		return true
	})
	return utilerrors.NewAggregate(errs)
}

// podToCheck returns the pod of a create, or of an update that runs an image the pod did not run
// before, and nil for every other request.
func podToCheck(a admission.Attributes) (*corev1.Pod, error) {
	if !podadmission.IsPods(a) {
		return nil, nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return nil, apierrors.NewBadRequest("Resource was marked with kind Pod but was unable to be converted")
	}
	if a.GetOperation() != admission.Update {
		return pod, nil
	}
	old, ok := a.GetOldObject().(*corev1.Pod)
	if !ok {
		return pod, nil
	}
	oldImages := sets.New[string]()
	podadmission.VisitContainers(&old.Spec, func(c *corev1.Container, _ *field.Path) bool {
		oldImages.Insert(c.Image)
		return true
	})
	newImage := false
	podadmission.VisitContainers(&pod.Spec, func(c *corev1.Container, _ *field.Path) bool {
		newImage = !oldImages.Has(c.Image)
		return !newImage
	})
	if !newImage {
		return nil, nil
	}
	return pod, nil
}
