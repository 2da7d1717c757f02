// Package pluginconfig decodes the versioned configuration files of kapi's admission plugins, whose
// apiVersion and kind say what they are, as kube-apiserver's plugins read theirs.
package pluginconfig

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

// Decoder decodes one plugin's configuration kinds.
type Decoder struct {
	codecs serializer.CodecFactory
}

// NewDecoder returns a Decoder of the types that addToScheme registers.
func NewDecoder(addToScheme func(*runtime.Scheme) error) (Decoder, error) {
	scheme := runtime.NewScheme()
	if err := addToScheme(scheme); err != nil {
		return Decoder{}, err
	}
	return Decoder{codecs: serializer.NewCodecFactory(scheme)}, nil
}

// Decode reads a YAML or JSON configuration from r into a T.
func Decode[T runtime.Object](d Decoder, r io.Reader) (T, error) {
	var config T
	data, err := io.ReadAll(r)
	if err != nil {
		return config, err
	}
	obj, _, err := d.codecs.UniversalDeserializer().Decode(data, nil, nil)
	if err != nil {
		return config, err
	}
	config, ok := obj.(T)
	if !ok {
		return config, fmt.Errorf("unexpected type: %T", obj)
	}
	return config, nil
}
